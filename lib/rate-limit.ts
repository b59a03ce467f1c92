import "server-only";
import type { RedisClientType } from "redis";
import { db } from "./db/client";
import { AppError } from "./errors";
import { withRedis } from "./redis";

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
 * database (one upsert per hit; also while Redis is down). Never in process memory, so several instances
 * enforce one limit.
 */
export async function hit(rule: RateLimitRule, subject: string): Promise<RateLimitResult> {
  const key = `rl:${rule.name}:${subject}`;
  return withRedis(
    (client) => hitRedis(client, key, rule),
    () => hitDatabase(key, rule),
  );
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
  await withRedis(
    async (client) => {
      await client.del(key);
    },
    async () => {
      await db.rateLimit.deleteMany({ where: { key } });
    },
  );
}

async function hitRedis(client: RedisClientType, key: string, rule: RateLimitRule) {
  const [count, ttl] = (await client
    .multi()
    .incr(key)
    .expire(key, rule.windowSeconds, "NX")
    .ttl(key)
    .exec()) as unknown as [number, number, number];
  return verdict(Number(count), rule, Math.max(1, Number(ttl)));
}

/** One atomic statement (one round trip): start a new window when the old one has ended, else count. */
async function hitDatabase(key: string, rule: RateLimitRule): Promise<RateLimitResult> {
  const now = new Date();
  const resetAt = new Date(now.getTime() + rule.windowSeconds * 1000);
  const rows = await db.$queryRaw<Array<{ count: number | bigint; resetAt: Date | string }>>`
    INSERT INTO "RateLimit" ("key", "count", "resetAt", "createdAt", "updatedAt")
    VALUES (${key}, 1, ${resetAt}, ${now}, ${now})
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimit"."resetAt" <= ${now} THEN 1 ELSE "RateLimit"."count" + 1 END,
      "resetAt" = CASE WHEN "RateLimit"."resetAt" <= ${now} THEN ${resetAt} ELSE "RateLimit"."resetAt" END,
      "updatedAt" = ${now}
    RETURNING "count", "resetAt"`;
  const row = rows[0];
  if (!row) throw new Error("rate limit upsert returned no row");
  const retryAfter = Math.max(1, Math.ceil((new Date(row.resetAt).getTime() - now.getTime()) / 1000));
  return verdict(Number(row.count), rule, retryAfter);
}

function verdict(count: number, rule: RateLimitRule, retryAfterSeconds: number): RateLimitResult {
  return { allowed: count <= rule.limit, remaining: Math.max(0, rule.limit - count), retryAfterSeconds };
}
