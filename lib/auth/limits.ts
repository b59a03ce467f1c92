import "server-only";
import { createHash } from "node:crypto";
import { env } from "../env";
import {
  type BackoffResult,
  type BackoffRule,
  giveBack,
  hit,
  type RateLimitRule,
  reserveAttempt,
  reset,
} from "../rate-limit";
import { ipRateLimitSubject } from "./request-info";

// The numbers, in one place (the README and the report quote them).
export const LIMITS = {
  loginAttemptsPerIp: { name: "login:ip", limit: 100, windowSeconds: 15 * 60 },
  // The default of PARLEY_SIGNUPS_PER_IP_PER_HOUR (signupRule() reads the configured value).
  signupsPerIp: { name: "signup:ip", limit: 100, windowSeconds: 60 * 60 },
  verificationEmailsPerAccount: { name: "mail-verify:account", limit: 5, windowSeconds: 60 * 60 },
  resetEmailsPerAccount: { name: "mail-reset:account", limit: 5, windowSeconds: 60 * 60 },
  resetRequestsPerIp: { name: "reset:ip", limit: 20, windowSeconds: 60 * 60 },
  signupLinkRequestsPerIp: { name: "signup-link:ip", limit: 20, windowSeconds: 60 * 60 },
  tokenRequestsPerIp: { name: "token:ip", limit: 120, windowSeconds: 60 },
  passkeyChallengesPerIp: { name: "passkey:ip", limit: 60, windowSeconds: 60 },
} satisfies Record<string, RateLimitRule>;

/** Sign-ups per IP and hour, as configured. */
export function signupRule(): RateLimitRule {
  return { ...LIMITS.signupsPerIp, limit: env().PARLEY_SIGNUPS_PER_IP_PER_HOUR };
}

/**
 * Password attempts per account: 5 at once, then 1 s, 2 s, 4 s… up to 5 minutes between attempts, forgotten
 * a day after the last failure or at the next success. A delay, never a lockout: the owner can always log in
 * once the wait (shown to them) has passed.
 */
export const LOGIN_BACKOFF = {
  name: "login:account",
  free: 5,
  firstDelaySeconds: 1,
  maxDelaySeconds: 5 * 60,
  memorySeconds: 24 * 60 * 60,
} satisfies BackoffRule;

export type AttemptGate = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * The account bucket for a login form or token request: the login as typed (trimmed, lowercased), hashed,
 * whether or not an account has it. Keying known and unknown logins alike means the limiter's answers
 * say nothing about which accounts exist.
 */
export function loginSubject(login: string): string {
  return `login:${createHash("sha256").update(login.trim().toLowerCase()).digest("base64url").slice(0, 32)}`;
}

/** The account bucket for re-authentication of a signed-in user (password change, account deletion). */
export function userSubject(userId: string): string {
  return `user:${userId}`;
}

/**
 * Counts a password attempt against the IP and the account *before* the password is checked, so no burst
 * of parallel requests gets more checks than the limits allow.
 */
export async function reserveLoginAttempt(ip: string, subject: string, now = new Date()): Promise<AttemptGate> {
  const byIp = await hit(LIMITS.loginAttemptsPerIp, ipRateLimitSubject(ip), now);
  if (!byIp.allowed) return { ok: false, retryAfterSeconds: byIp.retryAfterSeconds };
  const byAccount: BackoffResult = await reserveAttempt(LOGIN_BACKOFF, subject, now);
  return byAccount.allowed ? { ok: true } : { ok: false, retryAfterSeconds: byAccount.retryAfterSeconds };
}

/** After a correct password: the account's delays end, and the attempt no longer counts against the IP. */
export async function loginSucceeded(ip: string, subject: string): Promise<void> {
  await Promise.all([reset(LOGIN_BACKOFF, subject), giveBack(LIMITS.loginAttemptsPerIp, ipRateLimitSubject(ip))]);
}
