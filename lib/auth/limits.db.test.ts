import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../db/users";
import { redis } from "../redis";
import { blockedFor, LIMITS } from "./limits";
import { checkCredentials } from "./login";
import { hashPassword } from "./password";

const redisUrl = process.env.TEST_REDIS_URL;

// Runs the same behaviour against the database counters and, when TEST_REDIS_URL is set, Redis.
function suite(backend: "database" | "redis") {
  describe(`login throttling (${backend})`, () => {
    const run = randomUUID().slice(0, 8);
    let login: string;
    const password = "the right password";

    beforeAll(async () => {
      if (backend === "redis") process.env.REDIS_URL = redisUrl;
      login = `throttle-${backend}-${run}`;
      await createUser({ email: `${login}@example.test`, username: login, passwordHash: await hashPassword(password) });
    });

    afterAll(() => {
      delete process.env.REDIS_URL;
    });

    it("locks an account after 10 failures, even for the right password, with a retry time", async () => {
      const ip = `198.51.100.${backend === "redis" ? 2 : 1}-${run}`;
      for (let i = 0; i < 10; i++) {
        expect(await checkCredentials({ login, password: `wrong ${i}`, ip: `${ip}-${i}` })).toEqual({
          ok: false,
          reason: "invalid",
        });
      }
      const locked = await checkCredentials({ login, password, ip });
      expect(locked).toMatchObject({ ok: false, reason: "rate_limited" });
      const retry = locked.ok ? 0 : locked.reason === "rate_limited" ? locked.retryAfterSeconds : 0;
      expect(retry).toBeGreaterThan(0);
      expect(retry).toBeLessThanOrEqual(15 * 60);
    });

    it("a success clears the account's failures; successes never count", async () => {
      const name = `${login}-ok`;
      await createUser({ email: `${name}@example.test`, username: name, passwordHash: await hashPassword(password) });
      const ip = `203.0.113.7-${run}-${backend}`;
      for (let round = 0; round < 3; round++) {
        for (let i = 0; i < 9; i++)
          await checkCredentials({ login: name, password: "wrong", ip: `${ip}-${round}-${i}` });
        expect((await checkCredentials({ login: name, password, ip })).ok).toBe(true);
      }
      expect(await blockedFor(LIMITS.loginFailuresPerIp, ip)).toBe(0);
    });

    it("locks an IP after 100 failures across accounts, including unknown ones", async () => {
      const ip = `192.0.2.${backend === "redis" ? 9 : 8}-${run}`;
      for (let i = 0; i < 100; i++) await checkCredentials({ login: `ghost-${run}-${i}`, password: "x", ip });
      expect(await checkCredentials({ login, password, ip })).toMatchObject({ ok: false, reason: "rate_limited" });
      expect(await blockedFor(LIMITS.loginFailuresPerIp, ip)).toBeGreaterThan(0);
    }, 60_000);
  });
}

suite("database");
if (redisUrl) suite("redis");
else describe.skip("login throttling (redis): TEST_REDIS_URL is not set", () => {});

afterAll(async () => {
  process.env.REDIS_URL = redisUrl;
  const client = redisUrl ? redis() : null;
  if (client) await (await client).quit();
  delete process.env.REDIS_URL;
});
