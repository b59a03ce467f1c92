import "server-only";
import { db } from "../db/client";
import { hit, type RateLimitRule, reset } from "../rate-limit";
import { withRedis } from "../redis";

// The numbers, in one place (the README and the report quote them).
export const LIMITS = {
  loginFailuresPerAccount: { name: "login-fail:account", limit: 10, windowSeconds: 15 * 60 },
  loginFailuresPerIp: { name: "login-fail:ip", limit: 100, windowSeconds: 15 * 60 },
  signupsPerIp: { name: "signup:ip", limit: 100, windowSeconds: 60 * 60 },
  verificationEmailsPerAccount: { name: "mail-verify:account", limit: 5, windowSeconds: 60 * 60 },
  resetEmailsPerAccount: { name: "mail-reset:account", limit: 5, windowSeconds: 60 * 60 },
  resetRequestsPerIp: { name: "reset:ip", limit: 20, windowSeconds: 60 * 60 },
  tokenRequestsPerIp: { name: "token:ip", limit: 120, windowSeconds: 60 },
} satisfies Record<string, RateLimitRule>;

/**
 * Seconds until the subject may try again, or 0 when under the limit. Reads the counter without counting,
 * so only failures (counted by `recordLoginFailure`) lock anyone out, never successful logins.
 */
export async function blockedFor(rule: RateLimitRule, subject: string): Promise<number> {
  const key = `rl:${rule.name}:${subject}`;
  return withRedis(
    async (c) => {
      const [count, ttl] = await Promise.all([c.get(key), c.ttl(key)]);
      return Number(count ?? 0) >= rule.limit ? Math.max(1, ttl) : 0;
    },
    async () => {
      const row = await db.rateLimit.findUnique({ where: { key } });
      const left = row ? row.resetAt.getTime() - Date.now() : 0;
      return row && left > 0 && row.count >= rule.limit ? Math.ceil(left / 1000) : 0;
    },
  );
}

/** The account bucket is keyed by user id when the account exists, else by the login as typed (lowercased). */
export function loginSubject(userId: string | undefined, login: string): string {
  return userId ? `user:${userId}` : `login:${login.trim().toLowerCase()}`;
}

export async function loginBlockedFor(ip: string, subject: string): Promise<number> {
  const [byAccount, byIp] = await Promise.all([
    blockedFor(LIMITS.loginFailuresPerAccount, subject),
    blockedFor(LIMITS.loginFailuresPerIp, ip),
  ]);
  return Math.max(byAccount, byIp);
}

export async function recordLoginFailure(ip: string, subject: string): Promise<void> {
  await Promise.all([hit(LIMITS.loginFailuresPerAccount, subject), hit(LIMITS.loginFailuresPerIp, ip)]);
}

export function clearLoginFailures(subject: string): Promise<void> {
  return reset(LIMITS.loginFailuresPerAccount, subject);
}
