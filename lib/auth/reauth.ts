import "server-only";
import { hasPassword, listExternalAccounts } from "../db/external-accounts";
import { sessionStartedSince } from "../db/sessions";
import { getUserWithSecret } from "../db/users";
import { checkCurrentPassword } from "./account-security";
import { changePassword } from "./revocation";
import { configuredSsoProviders, type SsoProvider, ssoProviderIdByName } from "./sso-providers";

// Settings that hand the account to someone else (its email address, its password, deleting it) ask for more
// than the session cookie: the current password, or, for an account made through a sign-in provider that has
// none, a sign-in moments ago (the provider asked for its own credentials, and its MFA).

export const RECENT_SIGN_IN_MINUTES = 10;

export type IdentityCheck = { ok: true } | { ok: false; error: string; field?: "currentPassword" | "password" };

/** Whether the account has a password of its own (accounts made through a provider start without one). */
export async function accountHasPassword(userId: string): Promise<boolean> {
  const record = await getUserWithSecret(userId);
  return Boolean(record && hasPassword(record));
}

/** Whether this session was started within the last RECENT_SIGN_IN_MINUTES. */
export function signedInRecently(user: { id: string; sessionId?: string }): Promise<boolean> {
  if (!user.sessionId) return Promise.resolve(false);
  const since = new Date(Date.now() - RECENT_SIGN_IN_MINUTES * 60_000);
  return sessionStartedSince({ userId: user.id, sessionId: user.sessionId, since, providerIdOf: ssoProviderIdByName });
}

export function recentSignInNeeded(doing: string): string {
  return `Your account has no password, so ${doing} needs a recent sign-in: sign in again with your provider, then do it within ${RECENT_SIGN_IN_MINUTES} minutes.`;
}

/**
 * Proves the person at the keyboard is the account's owner: the typed password (throttled like logins), or,
 * for an account without one, a recent sign-in. `field` names the form's password field, for its error.
 */
export async function confirmIdentity(input: {
  user: { id: string; sessionId?: string };
  password: string;
  ip: string;
  /** What the person is doing, for the message ("changing your email address"). */
  doing: string;
  /** What an empty password field is told. */
  missingPassword: string;
  field?: "currentPassword" | "password";
}): Promise<IdentityCheck> {
  const field = input.field ?? "currentPassword";
  if (await accountHasPassword(input.user.id)) {
    if (!input.password) return { ok: false, field, error: input.missingPassword };
    const problem = await checkCurrentPassword({ userId: input.user.id, password: input.password, ip: input.ip });
    return problem ? { ok: false, field, error: problem } : { ok: true };
  }
  if (await signedInRecently(input.user)) return { ok: true };
  return { ok: false, error: recentSignInNeeded(input.doing) };
}

/**
 * "Set a password" for an account that has none: after a recent sign-in. Other sessions and programs end, as
 * with a password change. False when the account already has a password (the change form asks for it).
 */
export async function setFirstPassword(input: {
  user: { id: string; sessionId?: string };
  newPassword: string;
}): Promise<IdentityCheck> {
  if (await accountHasPassword(input.user.id)) {
    return { ok: false, error: "Your account already has a password: change it with the current one." };
  }
  if (!(await signedInRecently(input.user))) return { ok: false, error: recentSignInNeeded("setting a password") };
  await changePassword({ userId: input.user.id, newPassword: input.newPassword, keepSessionId: input.user.sessionId });
  return { ok: true };
}

/** The configured providers this account is connected to: the buttons that sign it in again. */
export async function reauthProviders(userId: string): Promise<SsoProvider[]> {
  const connected = new Set((await listExternalAccounts(userId)).map((a) => a.provider));
  return configuredSsoProviders().filter((p) => connected.has(p.id));
}
