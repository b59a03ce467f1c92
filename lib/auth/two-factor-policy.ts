import "server-only";
import { z } from "zod";
import { TWO_FACTOR_REQUIREMENT_KEY } from "../db/sessions";
import { getSiteSetting, setSiteSetting } from "../db/site-settings";
import { isTwoFactorEnabled } from "../db/two-factor";

export const TWO_FACTOR_REQUIREMENTS = ["off", "admins", "everyone"] as const;
export type TwoFactorRequirement = (typeof TWO_FACTOR_REQUIREMENTS)[number];
export const TwoFactorRequirementSchema = z.enum(TWO_FACTOR_REQUIREMENTS);

const KEY = TWO_FACTOR_REQUIREMENT_KEY;

/** The stored setting as a requirement ("off" when unset or unreadable). */
export function parseTwoFactorRequirement(stored: unknown): TwoFactorRequirement {
  const parsed = TwoFactorRequirementSchema.safeParse(stored);
  return parsed.success ? parsed.data : "off";
}

export async function getTwoFactorRequirement(): Promise<TwoFactorRequirement> {
  return parseTwoFactorRequirement(await getSiteSetting(KEY));
}

export async function setTwoFactorRequirement(value: TwoFactorRequirement): Promise<void> {
  await setSiteSetting(KEY, value);
}

function requires(requirement: TwoFactorRequirement, user: { isSuperuser: boolean }): boolean {
  return requirement === "everyone" || (requirement === "admins" && user.isSuperuser);
}

/** Whether an administrator's rule requires 2FA of this user. */
export async function twoFactorRequiredFor(user: { isSuperuser: boolean }): Promise<boolean> {
  return requires(await getTwoFactorRequirement(), user);
}

/**
 * mustSetUpTwoFactor from what the session lookup already read (lib/db/sessions.ts): no query of its own, so
 * every signed-in request checks the requirement as it stands in the database, in one round trip.
 */
export function mustSetUpTwoFactorGiven(session: {
  twoFactorRequirement: unknown;
  signInMethod?: string | null;
  user: { isSuperuser: boolean; twoFactorEnabled: boolean };
}): boolean {
  // A session started through a sign-in provider: the provider's own login (and its second factor) counts.
  if (session.signInMethod) return false;
  return (
    requires(parseTwoFactorRequirement(session.twoFactorRequirement), session.user) && !session.user.twoFactorEnabled
  );
}

/** True while an administrator's rule requires this user to have 2FA and they have not set it up yet. */
export async function mustSetUpTwoFactor(user: { id: string; isSuperuser: boolean }): Promise<boolean> {
  return (await twoFactorRequiredFor(user)) && !(await isTwoFactorEnabled(user.id));
}

export const TWO_FACTOR_SETUP_PATH = "/settings/two-factor";
export const TWO_FACTOR_SETUP_MESSAGE =
  "Set up two-factor authentication first: your administrator requires it (Settings → Two-factor authentication).";
