import { randomUUID } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { throttleSuiteSetup } from "@/test/throttle-suite";
import { createUser } from "../db/users";
import { errorResponse } from "../http";
import { redis } from "../redis";
import { checkCredentials, verifyCurrentPassword } from "./login";
import { exchangePassword } from "./token-endpoint";

// Every argon2 verification is counted: the attack is "more password checks than the limit allows".
const argon2 = vi.hoisted(() => ({ verifications: 0 }));
vi.mock("@node-rs/argon2", async (importOriginal) => {
  const real = await importOriginal<typeof import("@node-rs/argon2")>();
  return {
    ...real,
    verify: (...args: Parameters<typeof real.verify>) => {
      argon2.verifications++;
      return real.verify(...args);
    },
  };
});

process.env.AUTH_SECRET = "test-secret-for-brute-force-0123456789";
const redisUrl = process.env.TEST_REDIS_URL;
const BURST = 200;
// Attempts an account gets at once before the delays start.
const FREE_ATTEMPTS = 5;

// Every request from its own address, as a botnet would send them: only the account's limit stands.
const botIp = (i: number) => `10.77.${i >> 8}.${i & 255}`;

function suite(backend: "database" | "redis") {
  describe(`${BURST} concurrent wrong passwords for one account (${backend})`, () => {
    const run = randomUUID().slice(0, 8);
    // The clock stands still, so no delay passes during the burst: exactly the free attempts may get through.
    const { passwordHash } = throttleSuiteSetup(backend, redisUrl);
    let account: { id: string; login: string };

    beforeEach(async () => {
      const login = `brute-${backend}-${run}-${randomUUID().slice(0, 6)}`;
      const user = await createUser({ email: `${login}@example.test`, username: login, passwordHash: passwordHash() });
      account = { login, id: user.id };
      argon2.verifications = 0;
    });

    it("through the token endpoint: at most the limit reach argon2, the rest get 429 with Retry-After", async () => {
      const responses = await Promise.all(
        Array.from({ length: BURST }, (_, i) =>
          exchangePassword(
            new Request("http://parley.test/api/v1/auth/token", {
              method: "POST",
              headers: { "content-type": "application/json", "x-forwarded-for": botIp(i) },
              body: JSON.stringify({ login: `${account.login}@example.test`, password: `wrong ${i}` }),
            }),
          ).then(
            () => new Response(null, { status: 200 }),
            (error) => errorResponse(error),
          ),
        ),
      );
      const statuses = responses.map((r) => r.status);
      const checked = statuses.filter((s) => s === 401).length;
      expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
      expect(argon2.verifications).toBe(checked);
      expect(checked, "password checks").toBe(FREE_ATTEMPTS);
      for (const response of responses.filter((r) => r.status === 429)) {
        expect(Number(response.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      }
    });

    it("through the login form's check: at most the limit reach argon2", async () => {
      const results = await Promise.all(
        Array.from({ length: BURST }, (_, i) =>
          checkCredentials({ login: account.login, password: `wrong ${i}`, ip: botIp(i) }),
        ),
      );
      const checked = results.filter((r) => !r.ok && r.reason === "invalid").length;
      expect(argon2.verifications).toBe(checked);
      expect(checked, "password checks").toBe(FREE_ATTEMPTS);
      const limited = results.filter((r) => !r.ok && r.reason === "rate_limited");
      expect(limited.length).toBe(BURST - checked);
    });

    it("through re-authentication (password change, account deletion): at most the limit reach argon2", async () => {
      const results = await Promise.all(
        Array.from({ length: BURST }, (_, i) =>
          verifyCurrentPassword({
            userId: account.id,
            passwordHash: passwordHash(),
            password: `wrong ${i}`,
            ip: botIp(i),
          }),
        ),
      );
      const checked = results.filter((r) => !r.ok && r.reason === "invalid").length;
      expect(argon2.verifications).toBe(checked);
      expect(checked, "password checks").toBe(FREE_ATTEMPTS);
      expect(results.filter((r) => !r.ok && r.reason === "rate_limited").length).toBe(BURST - checked);
    });
  });
}

suite("database");
if (redisUrl) suite("redis");
else describe.skip("brute force (redis): TEST_REDIS_URL is not set", () => {});

afterAll(async () => {
  process.env.REDIS_URL = redisUrl;
  const client = redisUrl ? redis() : null;
  if (client) await (await client).quit();
  delete process.env.REDIS_URL;
});
