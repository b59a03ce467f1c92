import "server-only";
import { db } from "./db/client";
import { AppError } from "./errors";
import { redis } from "./redis";

export interface RateLimitRule {
  /** e.g. "login:ip" — the bucket family. */
  name: string;
  limit: number;
  windowSeconds: number;
}

export interface RateLimitResult {
  allowed: boolean;
  remaining: number;
  retryAfterSeconds: number;
}

/**
 * Fixed-window counters shared by every app instance: in Redis when REDIS_URL is set, otherwise in the
 * database (one upsert per hit). Never in process memory, so several instances enforce one limit.
 */
export async function hit(rule: RateLimitRule, subject: string): Promise<RateLimitResult> {
  const key = `rl:${rule.name}:${subject}`;
  const client = redis();
  return client ? hitRedis(await client, key, rule) : hitDatabase(key, rule);
}

/** Throws `rate_limited` (HTTP 429 with Retry-After) when the subject is over the rule's limit. */
export async function enforce(rule: RateLimitRule, subject: string, message?: string): Promise<void> {
  const result = await hit(rule, subject);
  if (!result.allowed) {
    throw new AppError(`rate_limited:${rule.name}`, { message, retryAfterSeconds: result.retryAfterSeconds });
  }
}

/** Forgets a subject's hits, e.g. failed logins after a successful one. */
export async function reset(rule: RateLimitRule, subject: string): Promise<void> {
  const key = `rl:${rule.name}:${subject}`;
  const client = redis();
  if (client) await (await client).del(key);
  else await db.rateLimit.deleteMany({ where: { key } });
}

async function hitRedis(client: Awaited<NonNullable<ReturnType<typeof redis>>>, key: string, rule: RateLimitRule) {
  const [count, ttl] = (await client
    .multi()
    .incr(key)
    .expire(key, rule.windowSeconds, "NX")
    .ttl(key)
    .exec()) as unknown as [number, number, number];
  return verdict(Number(count), rule, Math.max(1, Number(ttl)));
}

async function hitDatabase(key: string, rule: RateLimitRule): Promise<RateLimitResult> {
  const now = new Date();
  const resetAt = new Date(now.getTime() + rule.windowSeconds * 1000);
  // A window that has ended starts again at 1; otherwise increment. Two statements, each atomic.
  await db.rateLimit.updateMany({ where: { key, resetAt: { lte: now } }, data: { count: 0, resetAt } });
  const row = await db.rateLimit.upsert({
    where: { key },
    create: { key, count: 1, resetAt },
    update: { count: { increment: 1 } },
  });
  const retryAfter = Math.max(1, Math.ceil((row.resetAt.getTime() - now.getTime()) / 1000));
  return verdict(row.count, rule, retryAfter);
}

function verdict(count: number, rule: RateLimitRule, retryAfterSeconds: number): RateLimitResult {
  return { allowed: count <= rule.limit, remaining: Math.max(0, rule.limit - count), retryAfterSeconds };
}
