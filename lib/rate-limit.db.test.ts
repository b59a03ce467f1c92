import { describe, expect, it } from "vitest";
import { db } from "./db/client";
import { hit } from "./rate-limit";

// REDIS_URL is unset in the test environment, so these exercise the database-backed limiter.
describe("database rate limiter", () => {
  it("counts within a window, refuses past the limit with a retry time, and starts over after the window", async () => {
    const rule = { name: `test-${Math.random().toString(36).slice(2)}`, limit: 2, windowSeconds: 60 };
    const start = Date.now();
    const at = (seconds: number) => new Date(start + seconds * 1000);
    expect((await hit(rule, "a", at(0))).allowed).toBe(true);
    expect((await hit(rule, "a", at(10))).allowed).toBe(true);
    const refused = await hit(rule, "a", at(15));
    expect(refused).toMatchObject({ allowed: false, remaining: 0, retryAfterSeconds: 45 });
    expect((await hit(rule, "b", at(15))).allowed).toBe(true);

    // The clock is passed in, so "after the window" needs no waiting.
    const fresh = await hit(rule, "a", at(60));
    expect(fresh).toMatchObject({ allowed: true, remaining: 1, retryAfterSeconds: 60 });
    const row = await db.rateLimit.findUnique({ where: { key: `rl:${rule.name}:a` } });
    expect(row?.count).toBe(1);
    expect(row!.resetAt.getTime()).toBe(at(120).getTime());
  });

  it("loses no hit when many arrive at once", async () => {
    const rule = { name: `burst-${Math.random().toString(36).slice(2)}`, limit: 25, windowSeconds: 60 };
    const results = await Promise.all(Array.from({ length: 40 }, () => hit(rule, "x")));
    expect(results.filter((r) => r.allowed)).toHaveLength(25);
    const row = await db.rateLimit.findUnique({ where: { key: `rl:${rule.name}:x` } });
    expect(row?.count).toBe(40);
  });
});
