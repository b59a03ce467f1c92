import { randomUUID } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { throttleSuiteSetup } from "@/test/throttle-suite";
import { createUser } from "../db/users";
import { redis } from "../redis";
import { checkCredentials } from "./login";

const redisUrl = process.env.TEST_REDIS_URL;

type Outcome = "ok" | "invalid" | `wait ${number}s`;

async function attempt(login: string, password: string, ip: string): Promise<Outcome> {
  const result = await checkCredentials({ login, password, ip });
  if (result.ok) return "ok";
  return result.reason === "rate_limited" ? `wait ${result.retryAfterSeconds}s` : "invalid";
}

/** Someone who always waits as long as they are told before trying again. */
async function patientAttempt(
  login: string,
  password: string,
  ip: string,
): Promise<{ outcome: Outcome; waited: number }> {
  let waited = 0;
  for (;;) {
    const outcome = await attempt(login, password, ip);
    if (!outcome.startsWith("wait")) return { outcome, waited };
    const seconds = Number(outcome.slice(5, -1));
    waited += seconds;
    vi.setSystemTime(Date.now() + seconds * 1000);
  }
}

// Runs the same behaviour against the database counters and, when TEST_REDIS_URL is set, Redis.
function suite(backend: "database" | "redis") {
  describe(`login throttling (${backend})`, () => {
    const run = randomUUID().slice(0, 8);
    // The clock only moves when a test moves it.
    const { password, passwordHash } = throttleSuiteSetup(backend, redisUrl);
    let name: string;
    let n = 0;

    beforeEach(async () => {
      name = `throttle-${backend}-${run}-${n++}`;
      await createUser({ email: `${name}@example.test`, username: name, passwordHash: passwordHash() });
    });

    it("ten wrong passwords do not lock the owner out: the delays grow, and the owner gets in after a short wait", async () => {
      const ip = `198.51.100.1-${name}`;
      const outcomes: Outcome[] = [];
      for (let i = 0; i < 6; i++) outcomes.push(await attempt(name, `wrong ${i}`, ip));
      expect(outcomes).toEqual(["invalid", "invalid", "invalid", "invalid", "invalid", "wait 1s"]);

      const waits: number[] = [];
      for (let i = 5; i < 10; i++) {
        const { outcome, waited } = await patientAttempt(name, `wrong ${i}`, ip);
        expect(outcome).toBe("invalid");
        waits.push(waited);
      }
      expect(waits).toEqual([1, 2, 4, 8, 16]);

      // Ten failures later, the right password works after 32 seconds, not 15 minutes.
      const owner = await patientAttempt(name, password, ip);
      expect(owner).toEqual({ outcome: "ok", waited: 32 });
      // A success ends the delays.
      expect(await attempt(name, "wrong again", ip)).toBe("invalid");
    });

    it("the delays stop growing at five minutes, and are forgotten a day after the last failure", async () => {
      const ip = `198.51.100.2-${name}`;
      let last = 0;
      for (let i = 0; i < 14; i++) last = (await patientAttempt(name, `wrong ${i}`, ip)).waited;
      expect(last).toBe(256);
      expect(await attempt(name, "wrong", ip)).toBe("wait 300s");
      vi.setSystemTime(Date.now() + 24 * 60 * 60 * 1000 + 1000);
      expect(await attempt(name, password, ip)).toBe("ok");
    });

    it("answers the same for logins with and without an account, including an account's other login", async () => {
      const ip = `198.51.100.3-${name}`;
      const ghost = `ghost-${name}`;
      const known: Outcome[] = [];
      const unknown: Outcome[] = [];
      for (let i = 0; i < 11; i++) {
        known.push(await attempt(`${name}@example.test`, "wrong", ip));
        unknown.push(await attempt(`${ghost}@example.test`, "wrong", ip));
      }
      expect(known).toEqual(unknown);
      expect(known.at(-1)).toMatch(/^wait/);
      // Failures under the email say nothing about whether a username belongs to the same account.
      expect(await attempt(name, "wrong", ip)).toBe(await attempt(ghost, "wrong", ip));
    });

    it("limits an IP to 100 attempts in 15 minutes across accounts, including unknown ones", async () => {
      const ip = `192.0.2.${backend === "redis" ? 9 : 8}`;
      for (let i = 0; i < 100; i++) await attempt(`ghost-${run}-${i}`, "x", `${ip}-${name}`);
      expect(await attempt(name, password, `${ip}-${name}`)).toMatch(/^wait \d+s$/);
      expect(await attempt(name, password, `203.0.113.5-${name}`)).toBe("ok");
    }, 60_000);

    it("counts IPv6 clients per /64, so rotating addresses inside one network does not help", async () => {
      const network = `2001:db8:${run.slice(0, 4)}:${n.toString(16)}`;
      for (let i = 0; i < 100; i++) await attempt(`ghost-${run}-${i}`, "x", `${network}::${(i + 1).toString(16)}`);
      expect(await attempt(name, password, `${network}:ffff:ffff:ffff:ffff`)).toMatch(/^wait \d+s$/);
      expect(await attempt(name, password, `2001:db8:${run.slice(4, 8)}:${n.toString(16)}::1`)).toBe("ok");
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
