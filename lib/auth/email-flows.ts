import "server-only";
import { recordAudit } from "../audit";
import { consumeEmailToken, createEmailToken, invalidateEmailTokens } from "../db/email-tokens";
import { findUserByEmail, getUserById, markEmailVerified } from "../db/users";
import { AppError } from "../errors";
import { log } from "../log";
import { sendMail } from "../mail/send";
import { resetMail, verificationMail } from "../mail/templates";
import { hit } from "../rate-limit";
import { LIMITS } from "./limits";
import { localSignInRefused } from "./local-sign-in-policy";
import { mustVerifyEmailFirst } from "./login";
import { ipRateLimitSubject } from "./request-info";
import { changePassword } from "./revocation";
import { emailChangeRefusal } from "./signup";

/**
 * Sends a verification link to the account's address, or (an email change) to `newEmail`, which becomes
 * the account's address only when its link is opened. At most 5 such emails per account per hour.
 */
export async function sendVerificationEmail(input: { userId: string; origin: string; newEmail?: string }) {
  const user = await getUserById(input.userId);
  if (!user) throw new AppError("not_found:user");
  const limit = await hit(LIMITS.verificationEmailsPerAccount, user.id);
  if (!limit.allowed) {
    throw new AppError("rate_limited:verification_email", {
      message: `Too many verification emails. Try again in ${Math.ceil(limit.retryAfterSeconds / 60)} minutes.`,
      retryAfterSeconds: limit.retryAfterSeconds,
    });
  }
  if (input.newEmail) await invalidateEmailTokens(user.id, "verify-email");
  const token = await createEmailToken({ userId: user.id, purpose: "verify-email", email: input.newEmail ?? null });
  const link = `${input.origin}/verify-email?token=${encodeURIComponent(token)}`;
  await sendMail(verificationMail(input.newEmail ?? user.email, link, Boolean(input.newEmail)));
  log.info("auth.verification_sent", { userId: user.id, change: Boolean(input.newEmail) });
}

export type TokenOutcome = { ok: true; message: string } | { ok: false; message: string };

const TOKEN_MESSAGES = {
  invalid: "This link is not valid. Ask for a new one.",
  expired: "This link has expired. Ask for a new one.",
  used: "This link has already been used. Ask for a new one if you still need it.",
} as const;

export async function verifyEmail(token: string): Promise<TokenOutcome> {
  const result = await consumeEmailToken(token, "verify-email");
  if (!result.ok) return { ok: false, message: TOKEN_MESSAGES[result.reason] };
  // The domain rule may have changed since the change was asked for: the new address must still fit it.
  const refusal = result.email ? await emailChangeRefusal(result.userId, result.email) : null;
  if (refusal) return { ok: false, message: `Your email address did not change. ${refusal}` };
  try {
    await markEmailVerified(result.userId, result.email);
  } catch (error) {
    if (error instanceof AppError && error.kind === "conflict") return { ok: false, message: error.message };
    throw error;
  }
  log.info("auth.email_verified", { userId: result.userId, change: Boolean(result.email) });
  return { ok: true, message: result.email ? "Your new email address is confirmed." : "Your email is verified." };
}

/**
 * "Send the link again" on the check-your-email page (nobody is signed in): sends a new verification link when
 * the address belongs to an account that must verify it first. The caller always shows the same notice; the
 * per-account limit of sendVerificationEmail applies, and requests are counted per IP.
 */
export async function resendSignupVerification(input: { email: string; origin: string; ip: string }) {
  const ipLimit = await hit(LIMITS.signupLinkRequestsPerIp, ipRateLimitSubject(input.ip));
  if (!ipLimit.allowed) {
    throw new AppError("rate_limited:verification_email", {
      message: `Too many requests. Try again in ${Math.ceil(ipLimit.retryAfterSeconds / 60)} minutes.`,
      retryAfterSeconds: ipLimit.retryAfterSeconds,
    });
  }
  const user = await findUserByEmail(input.email);
  if (!user?.isActive || !mustVerifyEmailFirst(user)) return;
  try {
    await sendVerificationEmail({ userId: user.id, origin: input.origin });
  } catch (error) {
    // Over the account's limit: answered like any other address, so the notice reveals nothing.
    if (!(error instanceof AppError && error.kind === "rate_limited")) throw error;
  }
}

/**
 * Sends a reset link when the address belongs to an active account. The caller always shows the same
 * notice, so the response never tells whether an account exists; over-limit requests are dropped silently.
 */
export async function requestPasswordReset(input: { email: string; origin: string; ip: string }) {
  const ipLimit = await hit(LIMITS.resetRequestsPerIp, ipRateLimitSubject(input.ip));
  if (!ipLimit.allowed) {
    throw new AppError("rate_limited:reset", {
      message: `Too many requests. Try again in ${Math.ceil(ipLimit.retryAfterSeconds / 60)} minutes.`,
      retryAfterSeconds: ipLimit.retryAfterSeconds,
    });
  }
  const user = await findUserByEmail(input.email);
  if (!user?.isActive) {
    log.info("auth.reset_unknown", { ip: input.ip });
    return;
  }
  // While only administrators may use a password, a member's reset would set one they cannot use, and (as a
  // reset disconnects the sign-in providers) lock them out. The answer on the page stays the same.
  if (await localSignInRefused(user)) {
    log.info("auth.reset_sso_only", { userId: user.id, ip: input.ip });
    return;
  }
  const limit = await hit(LIMITS.resetEmailsPerAccount, user.id);
  if (!limit.allowed) {
    log.warn("auth.reset_throttled", { userId: user.id, ip: input.ip });
    return;
  }
  const token = await createEmailToken({ userId: user.id, purpose: "reset-password" });
  await sendMail(resetMail(user.email, `${input.origin}/reset-password?token=${encodeURIComponent(token)}`));
  log.info("auth.reset_sent", { userId: user.id, ip: input.ip });
}

/** Sets a new password from a reset link and ends every session, token and API key of the account. */
export async function resetPassword(token: string, newPassword: string): Promise<TokenOutcome> {
  const result = await consumeEmailToken(token, "reset-password");
  if (!result.ok) return { ok: false, message: TOKEN_MESSAGES[result.reason] };
  await changePassword({ userId: result.userId, newPassword, revokeApiKeys: true });
  await invalidateEmailTokens(result.userId, "reset-password");
  log.info("auth.password_reset", { userId: result.userId });
  await recordAudit({ action: "auth.password_reset", subjectId: result.userId });
  return { ok: true, message: "Your password has been changed. Log in with the new one." };
}
