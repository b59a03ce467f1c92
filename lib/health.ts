import "server-only";
import { randomUUID } from "node:crypto";
import { probeServer } from "./ai/discovery";
import { listModels } from "./ai/providers";
import { db } from "./db/client";
import { listConnectionsWithKeys } from "./db/connections";
import { isStorageFull, noteStorageWritable, storageFullSeen } from "./db/storage-full";
import { env } from "./env";
import { pingRedis } from "./redis";

export type CheckStatus = "up" | "down" | "off" | "builtin" | "full";

export interface Check {
  status: CheckStatus;
  ms: number;
  detail?: string;
}

export interface Health {
  /**
   * "ok": everything answers. "degraded": the instance serves (its database answers reads) while Redis or the
   * model server does not, or the database's disk is full. "down": it cannot serve (the database does not answer).
   */
  status: "ok" | "degraded" | "down";
  /** The checks that failed, by name. */
  down: string[];
  checks: { database: Check; redis: Check; model: Check };
  /**
   * Each connection an admin added (/admin/models), by name. Reported, not counted in `status`: one remote
   * provider being down is no reason for a load balancer to take the instance out.
   */
  connections: Record<string, Check>;
}

const MODEL_TIMEOUT_MS = 3_000;

/** The state of everything Parley depends on, checked now and in parallel, each within its own timeout. */
export async function checkHealth(): Promise<Health> {
  const [database, redis, model, connections] = await Promise.all([
    timed(checkDatabase),
    timed(async () => ({ status: await pingRedis() })),
    timed(checkModelServer),
    checkConnections(),
  ]);
  const checks = { database, redis, model };
  const down = Object.entries(checks)
    .filter(([, check]) => check.status === "down" || check.status === "full")
    .map(([name]) => name);
  const status = database.status === "down" ? "down" : down.length ? "degraded" : "ok";
  return { status, down, checks, connections };
}

/** How long the public endpoint reuses a good result: probes every few seconds still see a fresh state. */
const SHARED_RESULT_MS = 5_000;
let shared: { at: number; result: Promise<Health>; settled: Health | null } | null = null;

/**
 * `checkHealth` for the unauthenticated /api/health: calls while a check runs share it, and a good result
 * serves the next few seconds, so nobody can make Parley hammer its database and the model server (with its
 * API key) by calling the endpoint in a loop. A failure is not kept: the next call checks again.
 */
export function checkHealthShared(now = Date.now()): Promise<Health> {
  if (shared && (!shared.settled || (shared.settled.status === "ok" && now - shared.at < SHARED_RESULT_MS))) {
    return shared.result;
  }
  const entry: NonNullable<typeof shared> = { at: now, result: checkHealth(), settled: null };
  entry.result.then(
    (health) => {
      entry.settled = health;
    },
    () => {
      if (shared === entry) shared = null;
    },
  );
  shared = entry;
  return entry.result;
}

async function timed(check: () => Promise<Omit<Check, "ms">>): Promise<Check> {
  const started = performance.now();
  const result = await check();
  return { ...result, ms: Math.round(performance.now() - started) };
}

async function checkConnections(): Promise<Record<string, Check>> {
  let connections: Awaited<ReturnType<typeof listConnectionsWithKeys>>;
  try {
    connections = await listConnectionsWithKeys();
  } catch {
    return {}; // the database check reports it
  }
  const entries = await Promise.all(
    connections.map(async (connection): Promise<[string, Check]> => {
      if (!connection.enabled) return [connection.name, { status: "off", ms: 0 }];
      const check = await timed(async () => {
        const probe = await probeServer(connection, { timeoutMs: MODEL_TIMEOUT_MS });
        return probe.ok ? { status: "up" as const } : { status: "down" as const, detail: probe.message };
      });
      return [connection.name, check];
    }),
  );
  return Object.fromEntries(entries);
}

async function checkDatabase(): Promise<Omit<Check, "ms">> {
  const { DATABASE_CONNECT_TIMEOUT_MS, DATABASE_STATEMENT_TIMEOUT_MS } = env();
  const limit = DATABASE_CONNECT_TIMEOUT_MS + DATABASE_STATEMENT_TIMEOUT_MS;
  try {
    await withTimeout(db.$queryRaw`SELECT 1`, limit);
  } catch (error) {
    return { status: "down", detail: error instanceof Error ? error.message.trim().split("\n").at(-1) : undefined };
  }
  // Reads answer; once a write has failed for lack of space, health tries one until it succeeds again.
  if (!storageFullSeen()) return { status: "up" };
  try {
    await withTimeout(probeWrite(), limit);
    noteStorageWritable();
    return { status: "up" };
  } catch (error) {
    if (isStorageFull(error)) return { status: "full", detail: "the database's disk is full: writes fail" };
    return { status: "down", detail: error instanceof Error ? error.message.trim().split("\n").at(-1) : undefined };
  }
}

/** A row written and removed (a rate-limit key nobody counts), to see whether the database can store anything. */
async function probeWrite() {
  const key = `health:probe:${randomUUID()}`;
  const now = new Date();
  await db.rateLimit.create({ data: { key, count: 0, resetAt: now } });
  await db.rateLimit.deleteMany({ where: { key } });
}

/**
 * The configured OpenAI-compatible server answers HTTP at all (GET /models; some servers answer 404 there,
 * which still proves they are up). A refused key counts as down: no reply could be generated.
 */
async function checkModelServer(): Promise<Omit<Check, "ms">> {
  const { OPENAI_API_KEY, OPENAI_BASE_URL } = env();
  // The model list is read from the database too: while it is down, the environment alone says whether a
  // server is configured (the database check reports the outage; this one must not turn it into a 500).
  const offlineOnly = await listModels().then(
    (models) => models.every((m) => m.offline),
    () => !OPENAI_API_KEY && !OPENAI_BASE_URL,
  );
  if (offlineOnly) return { status: "builtin" };
  let base = OPENAI_BASE_URL ?? "https://api.openai.com/v1";
  while (base.endsWith("/")) base = base.slice(0, -1);
  try {
    const response = await fetch(`${base}/models`, {
      headers: OPENAI_API_KEY ? { authorization: `Bearer ${OPENAI_API_KEY}` } : {},
      signal: AbortSignal.timeout(MODEL_TIMEOUT_MS),
    });
    await response.body?.cancel();
    if (response.status === 401 || response.status === 403) {
      return { status: "down", detail: `the model server refused the API key (HTTP ${response.status})` };
    }
    if (response.status >= 500) return { status: "down", detail: `the model server answered HTTP ${response.status}` };
    return { status: "up" };
  } catch (error) {
    const timedOut = error instanceof Error && error.name === "TimeoutError";
    return {
      status: "down",
      detail: timedOut ? `no answer within ${MODEL_TIMEOUT_MS / 1000} s` : "the model server could not be reached",
    };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref()),
  ]);
}
