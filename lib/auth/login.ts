import "server-only";
import { findUserByLogin } from "../db/users";
import { log } from "../log";
import { clearLoginFailures, loginBlockedFor, loginSubject, recordLoginFailure } from "./limits";
import { verifyAgainstDummy, verifyPassword } from "./password";

export type LoginCheck =
  | { ok: true; user: NonNullable<Awaited<ReturnType<typeof findUserByLogin>>> }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

/**
 * Verifies a login and password with the same work whether or not the account exists (a dummy hash is
 * verified for unknown accounts), and counts failures per account and per IP.
 */
export async function checkCredentials(input: { login: string; password: string; ip: string }): Promise<LoginCheck> {
  const user = await findUserByLogin(input.login);
  const subject = loginSubject(user?.id, input.login);
  const blocked = await loginBlockedFor(input.ip, subject);
  if (blocked > 0) {
    log.warn("auth.login_throttled", { ip: input.ip, userId: user?.id, retryAfterSeconds: blocked });
    return { ok: false, reason: "rate_limited", retryAfterSeconds: blocked };
  }
  const passwordOk = user
    ? await verifyPassword(user.passwordHash, input.password)
    : await verifyAgainstDummy(input.password);
  if (!user || !passwordOk || !user.isActive) {
    await recordLoginFailure(input.ip, subject);
    log.info("auth.login_failed", {
      ip: input.ip,
      userId: user?.id,
      reason: !user ? "unknown_account" : !passwordOk ? "wrong_password" : "inactive",
    });
    return { ok: false, reason: "invalid" };
  }
  await clearLoginFailures(subject);
  return { ok: true, user };
}

export function minutesText(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

/** Re-authentication in settings (password change, account deletion), throttled like logins. */
export async function verifyCurrentPassword(input: {
  userId: string;
  passwordHash: string;
  password: string;
  ip: string;
}): Promise<{ ok: true } | Exclude<LoginCheck, { ok: true }>> {
  const subject = loginSubject(input.userId, "");
  const blocked = await loginBlockedFor(input.ip, subject);
  if (blocked > 0) return { ok: false, reason: "rate_limited", retryAfterSeconds: blocked };
  if (await verifyPassword(input.passwordHash, input.password)) return { ok: true };
  await recordLoginFailure(input.ip, subject);
  log.info("auth.reauth_failed", { userId: input.userId, ip: input.ip });
  return { ok: false, reason: "invalid" };
}
