import "server-only";
import { findUserByLogin } from "../db/users";
import { log } from "../log";
import { loginSubject, loginSucceeded, reserveLoginAttempt, userSubject } from "./limits";
import { localSignInRefused } from "./local-sign-in-policy";
import { verifyAgainstDummy, verifyPassword } from "./password";

export type LoginCheck =
  | { ok: true; user: NonNullable<Awaited<ReturnType<typeof findUserByLogin>>> }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "pending_approval" }
  | { ok: false; reason: "email_unverified" }
  | { ok: false; reason: "local_sign_in_refused"; userId: string }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

/**
 * Verifies a login and password with the same work whether or not the account exists (a dummy hash is
 * verified for unknown accounts). The attempt is counted per IP and per login before the password is
 * checked; a success gives it back.
 */
export async function checkCredentials(input: { login: string; password: string; ip: string }): Promise<LoginCheck> {
  const subject = loginSubject(input.login);
  const gate = await reserveLoginAttempt(input.ip, subject);
  if (!gate.ok) {
    log.warn("auth.login_throttled", { ip: input.ip, retryAfterSeconds: gate.retryAfterSeconds });
    return { ok: false, reason: "rate_limited", retryAfterSeconds: gate.retryAfterSeconds };
  }
  const user = await findUserByLogin(input.login);
  const passwordOk = user
    ? await verifyPassword(user.passwordHash, input.password)
    : await verifyAgainstDummy(input.password);
  if (!user || !passwordOk || !user.isActive) {
    log.info("auth.login_failed", {
      ip: input.ip,
      userId: user?.id,
      reason: !user ? "unknown_account" : !passwordOk ? "wrong_password" : "inactive",
    });
    return { ok: false, reason: "invalid" };
  }
  // "Hide password login": a right password that may not be used is still a failed attempt, so it must not
  // give the attempt back (else it resets the throttle for whoever guesses at this account or from this IP).
  if (await localSignInRefused(user)) return { ok: false, reason: "local_sign_in_refused", userId: user.id };
  await loginSucceeded(input.ip, subject);
  // Only after the password matched, so the wait is not revealed to someone guessing.
  if (user.pendingApproval) {
    log.info("auth.login_pending", { ip: input.ip, userId: user.id });
    return { ok: false, reason: "pending_approval" };
  }
  if (mustVerifyEmailFirst(user)) {
    log.info("auth.login_email_unverified", { ip: input.ip, userId: user.id });
    return { ok: false, reason: "email_unverified" };
  }
  return { ok: true, user };
}

/** Signed up under the allowed-email-domains rule and has not opened the link yet: not usable. */
export function mustVerifyEmailFirst(user: { mustVerifyEmail: boolean; emailVerifiedAt: Date | null }): boolean {
  return user.mustVerifyEmail && user.emailVerifiedAt === null;
}

export const EMAIL_UNVERIFIED_MESSAGE =
  "Confirm your email address first: open the link we sent you. Sign-up here is open to certain domains, so " +
  "the account can be used once its address is verified.";

export const PENDING_APPROVAL_MESSAGE =
  "Your account is waiting for an administrator's approval. You can sign in once it is approved.";

/** Re-authentication in settings (password change, account deletion), throttled like logins. */
export async function verifyCurrentPassword(input: {
  userId: string;
  passwordHash: string;
  password: string;
  ip: string;
}): Promise<{ ok: true } | Exclude<LoginCheck, { ok: true } | { reason: "pending_approval" | "email_unverified" }>> {
  const subject = userSubject(input.userId);
  const gate = await reserveLoginAttempt(input.ip, subject);
  if (!gate.ok) return { ok: false, reason: "rate_limited", retryAfterSeconds: gate.retryAfterSeconds };
  if (await verifyPassword(input.passwordHash, input.password)) {
    await loginSucceeded(input.ip, subject);
    return { ok: true };
  }
  log.info("auth.reauth_failed", { userId: input.userId, ip: input.ip });
  return { ok: false, reason: "invalid" };
}
