import "server-only";
import { createClient, type RedisClientType } from "redis";
import { env } from "./env";
import { log } from "./log";
import { processGlobal } from "./process-global";

interface Connection {
  url: string;
  client: RedisClientType;
  /** Settles once the first connection attempt has ended (connected, or given up after the timeout). */
  ready: Promise<RedisClientType>;
  degraded: boolean;
  probe?: ReturnType<typeof setInterval>;
  probing?: boolean;
}

const shared = processGlobal("parleyRedis", () => ({ current: undefined as Connection | undefined }));

/**
 * The shared Redis connection when REDIS_URL is set and Redis answers, else null: callers then fall back to
 * the database (rate limits) or to this instance (resumable streams, stop). Commands time out after
 * REDIS_TIMEOUT_MS and are refused at once while the connection is down, so an outage never holds a
 * request; Parley logs the outage once and goes back to Redis by itself when it answers again.
 */
export function redis(): Promise<RedisClientType> | null {
  const url = env().REDIS_URL;
  if (!url) return null;
  const connection = connect(url);
  return connection.degraded ? null : connection.ready;
}

/** Whether Redis is configured but not answering (Parley is running in its degraded mode). */
export function redisState(): "off" | "up" | "down" {
  const url = env().REDIS_URL;
  if (!url) return "off";
  return connect(url).degraded ? "down" : "up";
}

/**
 * Runs `work` against Redis; when Redis is off, down or fails (a timeout, a dropped connection), records the
 * outage and runs `fallback` instead. Errors of `fallback` itself propagate.
 */
export async function withRedis<T>(work: (client: RedisClientType) => Promise<T>, fallback: () => Promise<T>) {
  const pending = redis();
  if (!pending) return fallback();
  let result: T;
  try {
    // node-redis's own command timeout ends once a command is written: a hung server needs this one.
    result = await withTimeout(
      pending.then((client) => work(client)),
      env().REDIS_TIMEOUT_MS,
    );
  } catch (error) {
    reportRedisFailure(error);
    return fallback();
  }
  return result;
}

/** Asks Redis directly (for the health check): "off" when not configured. */
export async function pingRedis(): Promise<"off" | "up" | "down"> {
  const url = env().REDIS_URL;
  if (!url) return "off";
  const connection = connect(url);
  try {
    // The first connection has its own, longer bound; then one command's timeout applies.
    const client = await connection.ready;
    await withTimeout(client.ping(), env().REDIS_TIMEOUT_MS);
    recovered(connection);
    return "up";
  } catch (error) {
    reportRedisFailure(error);
    return "down";
  }
}

/** Marks Redis as down (logged once per outage) and starts checking for its return. */
export function reportRedisFailure(error: unknown): void {
  const connection = shared.current;
  if (!connection || connection.degraded) return;
  connection.degraded = true;
  log.error("redis.unavailable", {
    error,
    hint: "Falling back to the database and this instance until Redis answers.",
  });
  connection.probe ??= setInterval(() => void probe(connection), probeIntervalMs());
  connection.probe.unref?.();
}

async function probe(connection: Connection) {
  if (!connection.client.isReady || connection.probing) return;
  connection.probing = true;
  try {
    await withTimeout(connection.client.ping(), env().REDIS_TIMEOUT_MS);
    recovered(connection);
  } catch {
    // Still down; the next tick tries again.
  } finally {
    connection.probing = false;
  }
}

function recovered(connection: Connection) {
  // A first connection that failed left a rejected promise behind: the client has connected since.
  connection.ready = Promise.resolve(connection.client);
  if (connection.probe) clearInterval(connection.probe);
  connection.probe = undefined;
  if (!connection.degraded) return;
  connection.degraded = false;
  log.warn("redis.recovered", {});
}

function probeIntervalMs() {
  return Math.max(250, Math.min(env().REDIS_TIMEOUT_MS, 2_000));
}

function connect(url: string): Connection {
  const existing = shared.current;
  if (existing?.url === url) return existing;
  const timeout = env().REDIS_TIMEOUT_MS;
  const client: RedisClientType = createClient({
    url,
    disableOfflineQueue: true,
    // A backstop for commands sent outside withRedis (resumable streams); withRedis judges first, by Redis's
    // own replies (a timer alone fires late on a busy event loop and would call a healthy Redis dead).
    commandOptions: { timeout: timeout * 5 },
    socket: { connectTimeout: timeout, reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2_000) },
  });
  const connection: Connection = { url, client, ready: Promise.resolve(client), degraded: false };
  client.on("error", (error) => reportRedisFailure(error));
  client.on("ready", () => recovered(connection));
  // The first connection also loads the client's code: allow it longer than one command.
  connection.ready = withTimeout(client.connect() as Promise<unknown>, Math.max(timeout * 3, 3_000)).then(
    () => client,
    (error) => {
      reportRedisFailure(error);
      throw error;
    },
  );
  // Callers that were handed this promise see its rejection; nobody else should hear about it.
  connection.ready.catch(() => {});
  shared.current = connection;
  return connection;
}

/** How many times a verdict may be put off because the event loop, not Redis, was slow. */
const MAX_DEFERRALS = 3;

/**
 * `promise`, or a rejection once Redis has not answered within `ms`. Redis is judged by its own replies, not
 * by a timer a busy event loop delays: when the timer fires, the replies already waiting on the socket are
 * read first (setImmediate runs after the loop's I/O phase); and when the timer itself fired late by more
 * than half its time (the loop was saturated, e.g. by 200 streams), the command gets a fresh window instead
 * of the instance being switched to its fallback while Redis is fine.
 */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let deferrals = 0;
    const arm = () => {
      const armedAt = performance.now();
      timer = setTimeout(() => {
        setImmediate(() => {
          if (settled) return;
          const lateMs = performance.now() - armedAt - ms;
          if (lateMs > ms / 2 && deferrals++ < MAX_DEFERRALS) return arm();
          settled = true;
          reject(new Error(`Redis did not answer within ${ms} ms`));
        });
      }, ms);
      timer.unref?.();
    };
    arm();
    promise.then(
      (value) => {
        settled = true;
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        settled = true;
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
