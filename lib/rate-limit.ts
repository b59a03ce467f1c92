import "server-only";
import type { RedisClientType } from "redis";
import { db } from "./db/client";
import { Prisma } from "./db/generated/sqlite/client";
import { isStorageFull, noteStorageFull } from "./db/storage-full";
import { AppError } from "./errors";
import { processGlobal } from "./process-global";
import { withRedis } from "./redis";
import { span, timingEnabled } from "./timing";

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
 * enforce one limit, except while the database's disk is full: reads keep working, each instance counting
 * alone until it can write again.
 */
export async function hit(rule: RateLimitRule, subject: string, now = new Date()): Promise<RateLimitResult> {
  return judge(rule, await countHit(rule, subject, now));
}

/** A hit counted in its window (atomically, like `hit`), before the limit it is judged by is known. */
export interface CountedHit {
  count: number;
  retryAfterSeconds: number;
}

/**
 * Counts a hit without judging it: for a caller that reads the limit (e.g. the person's role) in the same
 * round as counting, then judges with `judge`. Exact as `hit` is: the count is the atomic increment's result.
 */
export async function countHit(
  rule: Pick<RateLimitRule, "name" | "windowSeconds">,
  subject: string,
  now = new Date(),
): Promise<CountedHit> {
  const key = `rl:${rule.name}:${subject}`;
  const run = () =>
    withRedis(
      (client) => hitRedis(client, key, rule),
      () =>
        hitDatabase(key, rule, now).catch((error) => {
          // A full disk must not turn every read into an error: this instance counts in memory meanwhile.
          if (!isStorageFull(error)) throw error;
          noteStorageFull();
          return hitMemory(key, rule, now);
        }),
    );
  return timingEnabled ? span(`rate limit ${rule.name}`, run) : run();
}

/** Whether a counted hit is within the rule's limit. */
export function judge(rule: RateLimitRule, counted: CountedHit): RateLimitResult {
  return verdict(counted.count, rule, counted.retryAfterSeconds);
}

/** Throws `rate_limited` (HTTP 429 with Retry-After) when the subject is over the rule's limit. */
export async function enforce(rule: RateLimitRule, subject: string, message?: string): Promise<void> {
  const result = await hit(rule, subject);
  if (!result.allowed) {
    throw new AppError(`rate_limited:${rule.name}`, { message, retryAfterSeconds: result.retryAfterSeconds });
  }
}

/** Gives back one hit counted by `hit` (e.g. an attempt that turned out to be a successful login). */
export async function giveBack(rule: RateLimitRule, subject: string): Promise<void> {
  const key = `rl:${rule.name}:${subject}`;
  await withRedis(
    async (client) => {
      await client.eval("if (tonumber(redis.call('GET', KEYS[1]) or '0') > 0) then redis.call('DECR', KEYS[1]) end", {
        keys: [key],
      });
    },
    async () => {
      await db.rateLimit.updateMany({ where: { key, count: { gt: 0 } }, data: { count: { decrement: 1 } } });
    },
  );
}

/** Forgets a subject's hits, e.g. failed logins after a successful one. */
export async function reset(rule: Pick<RateLimitRule, "name">, subject: string): Promise<void> {
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

type Window = Pick<RateLimitRule, "windowSeconds">;

async function hitRedis(client: RedisClientType, key: string, rule: Window): Promise<CountedHit> {
  const [count, ttl] = (await client
    .multi()
    .incr(key)
    .expire(key, rule.windowSeconds, "NX")
    .ttl(key)
    .exec()) as unknown as [number, number, number];
  return { count: Number(count), retryAfterSeconds: Math.max(1, Number(ttl)) };
}

/** Counters of this instance alone, for while the database cannot store them (its disk is full). */
const memory = processGlobal("parleyMemoryRateLimits", () => new Map<string, { count: number; resetAt: number }>());
const MEMORY_KEYS = 100_000;

function hitMemory(key: string, rule: Window, now: Date): CountedHit {
  const at = now.getTime();
  if (memory.size >= MEMORY_KEYS) {
    for (const [k, entry] of memory) if (entry.resetAt <= at) memory.delete(k);
    if (memory.size >= MEMORY_KEYS) memory.clear();
  }
  let entry = memory.get(key);
  if (!entry || entry.resetAt <= at) {
    entry = { count: 0, resetAt: at + rule.windowSeconds * 1000 };
    memory.set(key, entry);
  }
  entry.count++;
  return { count: entry.count, retryAfterSeconds: Math.max(1, Math.ceil((entry.resetAt - at) / 1000)) };
}

/** One atomic statement (one round trip): start a new window when the old one has ended, else count. */
async function hitDatabase(key: string, rule: Window, now: Date): Promise<CountedHit> {
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
  return { count: Number(row.count), retryAfterSeconds: retryAfter };
}

function verdict(count: number, rule: RateLimitRule, retryAfterSeconds: number): RateLimitResult {
  return { allowed: count <= rule.limit, remaining: Math.max(0, rule.limit - count), retryAfterSeconds };
}

/**
 * Growing delays instead of a lockout: the first `free` attempts pass at once, then each attempt must wait
 * `firstDelaySeconds`, doubling per attempt up to `maxDelaySeconds`, after the previous one. The attempts
 * are forgotten `memorySeconds` after the last, or when `reset` is called (a successful login).
 */
export interface BackoffRule {
  name: string;
  free: number;
  firstDelaySeconds: number;
  maxDelaySeconds: number;
  memorySeconds: number;
}

export type BackoffResult = { allowed: true; attempts: number } | { allowed: false; retryAfterSeconds: number };

/** Milliseconds that must pass after the `attempts`-th attempt before the next may start. */
export function backoffDelayMs(rule: BackoffRule, attempts: number): number {
  if (attempts < rule.free) return 0;
  const exponent = Math.min(attempts - rule.free, 30);
  return Math.min(rule.firstDelaySeconds * 2 ** exponent, rule.maxDelaySeconds) * 1000;
}

/**
 * Atomically reserves the next attempt for a subject, or refuses it with the wait left. The attempt is
 * counted *before* the work it guards (e.g. verifying a password), so concurrent requests cannot race
 * past the limit: each one either reserves its own slot or is refused.
 */
export async function reserveAttempt(rule: BackoffRule, subject: string, now = new Date()): Promise<BackoffResult> {
  const key = `rl:${rule.name}:${subject}`;
  return withRedis(
    (client) => reserveRedis(client, key, rule, now),
    () => reserveDatabase(key, rule, now),
  );
}

const RESERVE_SCRIPT = `
local now = tonumber(ARGV[1])
local free, first, cap, memory = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local count = tonumber(redis.call('HGET', KEYS[1], 'count') or '0')
local last = tonumber(redis.call('HGET', KEYS[1], 'last') or '0')
local delay = 0
if count >= free then delay = math.min(first * 2 ^ math.min(count - free, 30), cap) end
local wait = last + delay - now
if wait > 0 then return {0, math.ceil(wait)} end
redis.call('HSET', KEYS[1], 'count', count + 1, 'last', now)
redis.call('PEXPIRE', KEYS[1], memory)
return {1, count + 1}`;

async function reserveRedis(
  client: RedisClientType,
  key: string,
  rule: BackoffRule,
  now: Date,
): Promise<BackoffResult> {
  const args = [now.getTime(), rule.free, rule.firstDelaySeconds * 1000, rule.maxDelaySeconds * 1000];
  const [allowed, value] = (await client.eval(RESERVE_SCRIPT, {
    keys: [key],
    arguments: [...args, rule.memorySeconds * 1000].map(String),
  })) as [number, number];
  return allowed ? { allowed: true, attempts: Number(value) } : { allowed: false, retryAfterSeconds: toSeconds(value) };
}

// One row per subject in RateLimit: `count` attempts, `updatedAt` the last one, `resetAt` when to forget them.
async function reserveDatabase(key: string, rule: BackoffRule, now: Date): Promise<BackoffResult> {
  const forgetAt = new Date(now.getTime() + rule.memorySeconds * 1000);
  // "count = n AND updatedAt <= now - delay(n)" for each n where the delay grows, then the cap for the rest.
  const steps: Prisma.Sql[] = [Prisma.sql`"count" < ${rule.free}`];
  let n = rule.free;
  for (; backoffDelayMs(rule, n) < rule.maxDelaySeconds * 1000; n++) {
    steps.push(Prisma.sql`("count" = ${n} AND "updatedAt" <= ${new Date(now.getTime() - backoffDelayMs(rule, n))})`);
  }
  steps.push(Prisma.sql`("count" >= ${n} AND "updatedAt" <= ${new Date(now.getTime() - rule.maxDelaySeconds * 1000)})`);
  const mayProceed = Prisma.join(steps, " OR ");
  for (let round = 0; round < 2; round++) {
    const updated = await db.$queryRaw<Array<{ count: number | bigint }>>`
      UPDATE "RateLimit" SET
        "count" = CASE WHEN "resetAt" <= ${now} THEN 1 ELSE "count" + 1 END,
        "resetAt" = ${forgetAt},
        "updatedAt" = ${now}
      WHERE "key" = ${key} AND ("resetAt" <= ${now} OR ${mayProceed})
      RETURNING "count"`;
    if (updated[0]) return { allowed: true, attempts: Number(updated[0].count) };
    const inserted = await db.$queryRaw<Array<{ count: number | bigint }>>`
      INSERT INTO "RateLimit" ("key", "count", "resetAt", "createdAt", "updatedAt")
      VALUES (${key}, 1, ${forgetAt}, ${now}, ${now})
      ON CONFLICT ("key") DO NOTHING
      RETURNING "count"`;
    if (inserted[0]) return { allowed: true, attempts: 1 };
  }
  const row = await db.rateLimit.findUnique({ where: { key } });
  const waitMs = row ? row.updatedAt.getTime() + backoffDelayMs(rule, row.count) - now.getTime() : 1000;
  return { allowed: false, retryAfterSeconds: toSeconds(waitMs) };
}

function toSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
