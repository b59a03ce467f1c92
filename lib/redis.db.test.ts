import { randomUUID } from "node:crypto";
import { createClient } from "redis";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type FaultProxy, startFaultProxy } from "@/test/fault-proxy";
import { db } from "./db/client";
import { hit } from "./rate-limit";
import { redis, redisState, withRedis } from "./redis";

// Redis is reached through a proxy that the test cuts or freezes: the shared Redis itself is never stopped.
const redisUrl = process.env.TEST_REDIS_URL;
if (!redisUrl) console.log("Redis outage tests skipped: TEST_REDIS_URL is not set (e.g. redis://127.0.0.1:6379).");

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

describe.skipIf(!redisUrl)("when Redis is down", () => {
  let proxy: FaultProxy;
  const direct = createClient({ url: redisUrl });
  const rule = () => ({ name: `outage-${randomUUID().slice(0, 8)}`, limit: 5, windowSeconds: 60 });
  const events: string[] = [];

  beforeAll(async () => {
    await direct.connect();
    const target = new URL(redisUrl!);
    proxy = await startFaultProxy({ host: target.hostname, port: Number(target.port || 6379) });
    process.env.REDIS_URL = proxy.via(redisUrl!);
    process.env.REDIS_TIMEOUT_MS = "300";
    process.env.PARLEY_LOG_LEVEL = "warn";
    const capture = (line: string) => void events.push(JSON.parse(line).event);
    vi.spyOn(console, "error").mockImplementation(capture);
    vi.spyOn(console, "log").mockImplementation(capture);
  });
  afterEach(async () => {
    proxy.restore();
    await waitFor(() => redisState() === "up");
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    process.env.PARLEY_LOG_LEVEL = "silent";
    (await redis())?.destroy();
    delete process.env.REDIS_URL;
    await proxy.close();
    await direct.quit();
  });

  const inRedis = async (name: string, subject: string) => Number((await direct.get(`rl:${name}:${subject}`)) ?? 0);
  const inDatabase = async (name: string, subject: string) =>
    (await db.rateLimit.findUnique({ where: { key: `rl:${name}:${subject}` } }))?.count ?? 0;

  it("counts rate limits in the database within the timeout when Redis hangs, logs it once, and returns to Redis", async () => {
    const r = rule();
    expect((await hit(r, "u")).allowed).toBe(true);
    expect(await inRedis(r.name, "u")).toBe(1);

    proxy.freeze();
    const first = await timed(() => hit(r, "u"));
    // REDIS_TIMEOUT_MS is 300: the rest is the database fallback on a busy test machine.
    expect(first.ms).toBeLessThan(5_000);
    expect(first.value).toMatchObject({ allowed: true, remaining: 4 });
    expect(await inDatabase(r.name, "u")).toBe(1);
    expect(redisState()).toBe("down");
    // Degraded: later calls do not wait for Redis at all.
    for (let i = 0; i < 5; i++) await hit(r, "u");
    const refused = await timed(() => hit(r, "u"));
    expect(refused.value.allowed).toBe(false);
    expect(refused.ms).toBeLessThan(2_000);
    expect(await inDatabase(r.name, "u")).toBe(7);
    expect(events.filter((e) => e === "redis.unavailable")).toHaveLength(1);

    proxy.restore();
    await waitFor(() => redisState() === "up");
    expect(events).toContain("redis.recovered");
    const back = rule();
    await hit(back, "u");
    expect(await inRedis(back.name, "u")).toBe(1);
    expect(await inDatabase(back.name, "u")).toBe(0);
  });

  it("falls back at once when Redis is killed, and reconnects by itself when it is back", async () => {
    events.length = 0;
    const r = rule();
    await hit(r, "k");
    expect(await inRedis(r.name, "k")).toBe(1);

    proxy.cut();
    const during = await timed(() => hit(r, "k"));
    expect(during.ms).toBeLessThan(5_000);
    expect(during.value.allowed).toBe(true);
    expect(await inDatabase(r.name, "k")).toBe(1);
    expect(redisState()).toBe("down");
    expect(redis()).toBeNull();
    expect(events.filter((e) => e === "redis.unavailable")).toHaveLength(1);

    proxy.restore();
    await waitFor(() => redisState() === "up");
    const back = rule();
    await hit(back, "k");
    expect(await inRedis(back.name, "k")).toBe(1);
  });

  it("does not call a healthy Redis dead when this process's event loop is too busy to read its reply in time", async () => {
    await waitFor(() => redisState() === "up");
    events.length = 0;
    const answer = withRedis(
      (client) => client.ping(),
      async () => "fallback",
    );
    // The loop is saturated for three times the command timeout (300 ms) while Redis answers at once.
    const busyUntil = Date.now() + 900;
    while (Date.now() < busyUntil) {
      // spin
    }
    expect(await answer).toBe("PONG");
    expect(redisState()).toBe("up");
    expect(events).not.toContain("redis.unavailable");
  });
});
