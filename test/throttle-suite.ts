import { afterAll, afterEach, beforeAll, beforeEach, vi } from "vitest";
import { hashPassword } from "@/lib/auth/password";

/** The right password of the accounts the throttling suites attack. */
export const THROTTLE_PASSWORD = "the right password";

/**
 * For a describe() block that runs the login-throttling counters on one backend: REDIS_URL points at the
 * test Redis for the block (backend "redis"), `passwordHash()` is the hash of THROTTLE_PASSWORD (hashed
 * once: argon2 is slow on purpose), and in each test Date stands still unless the test moves it.
 */
export function throttleSuiteSetup(backend: "database" | "redis", redisUrl: string | undefined) {
  let passwordHash = "";
  beforeAll(async () => {
    if (backend === "redis") process.env.REDIS_URL = redisUrl;
    passwordHash = await hashPassword(THROTTLE_PASSWORD);
  });
  afterAll(() => {
    delete process.env.REDIS_URL;
  });
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  return { password: THROTTLE_PASSWORD, passwordHash: () => passwordHash };
}
