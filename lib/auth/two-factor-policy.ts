import "server-only";
import { z } from "zod";
import { isTwoFactorEnabled } from "../db/two-factor";
import { getSiteSetting, setSiteSetting } from "../db/site-settings";

export const TWO_FACTOR_REQUIREMENTS = ["off", "admins", "everyone"] as const;
export type TwoFactorRequirement = (typeof TWO_FACTOR_REQUIREMENTS)[number];
export const TwoFactorRequirementSchema = z.enum(TWO_FACTOR_REQUIREMENTS);

const KEY = "two_factor_required";

export async function getTwoFactorRequirement(): Promise<TwoFactorRequirement> {
  const parsed = TwoFactorRequirementSchema.safeParse(await getSiteSetting(KEY));
  return parsed.success ? parsed.data : "off";
}

export async function setTwoFactorRequirement(value: TwoFactorRequirement): Promise<void> {
  await setSiteSetting(KEY, value);
}

/** Whether an administrator's rule requires 2FA of this user. */
export async function twoFactorRequiredFor(user: { isSuperuser: boolean }): Promise<boolean> {
  const requirement = await getTwoFactorRequirement();
  return requirement === "everyone" || (requirement === "admins" && user.isSuperuser);
}

/** True while an administrator's rule requires this user to have 2FA and they have not set it up yet. */
export async function mustSetUpTwoFactor(user: { id: string; isSuperuser: boolean }): Promise<boolean> {
  return (await twoFactorRequiredFor(user)) && !(await isTwoFactorEnabled(user.id));
}

export const TWO_FACTOR_SETUP_PATH = "/settings/two-factor";
export const TWO_FACTOR_SETUP_MESSAGE =
  "Set up two-factor authentication first: your administrator requires it (Settings → Two-factor authentication).";
