import "server-only";
import { JsonToSseTransformStream, type UIMessageChunk } from "ai";
import type { RedisClientType } from "redis";
import { createResumableStreamContext, type ResumableStreamContext } from "resumable-stream";
import { log } from "../log";
import { processGlobal } from "../process-global";
import { redis, reportRedisFailure, withRedis } from "../redis";
import { pollUntil } from "./poll";
import { keyPrefix } from "./registry";

const shared = processGlobal("parleyResumable", () => ({ current: null as Promise<ResumableStreamContext> | null }));

/** The Redis-backed resumable stream context when REDIS_URL is set, else null (in-process resume only). */
export function resumableContext(): Promise<ResumableStreamContext> | null {
  const client = redis();
  if (!client) return null;
  shared.current ??= (async () => {
    const publisher = await client;
    const subscriber: RedisClientType = publisher.duplicate();
    subscriber.on("error", (error) => log.error("redis.subscriber_error", { error }));
    await subscriber.connect();
    return createResumableStreamContext({
      keyPrefix: `${keyPrefix()}resumable`,
      // Our own loop keeps generating until the reply is stored, so nothing needs keeping alive here.
      waitUntil: null,
      publisher: quiet(publisher, ["publish", "set"]) as never,
      subscriber: quiet(subscriber, ["unsubscribe"]) as never,
    });
  })();
  // A failed start is not kept: the next reply tries again (or runs locally while Redis is down).
  shared.current.catch((error) => {
    shared.current = null;
    reportRedisFailure(error);
  });
  return shared.current;
}

/**
 * A Redis client as resumable-stream sees it: the commands it sends while a stream runs and ends (`publish`,
 * `set`, `unsubscribe`) are never awaited with a catch, so while Redis is down each would be an unhandled
 * rejection. A failure is reported as an outage instead (readers elsewhere then finish from the stored reply)
 * and answered with nothing.
 */
function quiet(client: RedisClientType, commands: string[]): RedisClientType {
  return new Proxy(client, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      if (typeof property !== "string" || !commands.includes(property)) return value.bind(target);
      return (...args: unknown[]) =>
        Promise.resolve(value.apply(target, args)).catch((error: unknown) => {
          reportRedisFailure(error);
          return null;
        });
    },
  });
}

/** Publishes a generation's chunks through Redis so any instance can resume it. */
export async function publishResumable(messageId: string, chunks: ReadableStream<UIMessageChunk>): Promise<void> {
  const context = resumableContext();
  if (!context) return;
  const sse = chunks.pipeThrough(new JsonToSseTransformStream());
  const readable = await (await context)
    .createNewResumableStream(messageId, () => sse)
    .catch((error) => {
      reportRedisFailure(error);
      throw error;
    });
  // Nobody reads this first copy: drain it so the producer side is never held back.
  void readable?.pipeTo(new WritableStream()).catch(() => {});
}

/**
 * The SSE stream of a generation running on any instance, or null when there is none. A generation that
 * started a moment ago may not have registered yet, so a missing stream is retried briefly.
 */
export async function resumeFromRedis(messageId: string, waitMs = 1_500): Promise<ReadableStream<string> | null> {
  const context = resumableContext();
  if (!context) return null;
  const resolved = await context.catch(() => null);
  if (!resolved) return null;
  try {
    // undefined: not registered (yet); null: finished.
    const found = await pollUntil(
      async () => {
        const stream = await resolved.resumeExistingStream(messageId);
        return stream === undefined ? null : { stream };
      },
      { timeoutMs: waitMs, intervalMs: 50 },
    );
    return found?.stream ?? null;
  } catch (error) {
    // "Timeout waiting for ack": the stream is registered but its producer no longer answers (it died).
    if (!String(error).includes("Timeout waiting for ack")) reportRedisFailure(error);
    log.warn("chat.resume_unanswered", { messageId, error });
    return null;
  }
}

/** Forgets a reply's resumable stream (its producer is gone), so no instance waits on it. */
export async function clearResumable(messageId: string): Promise<void> {
  await withRedis(
    (client) => client.del(`${keyPrefix()}resumable:sentinel:${messageId}`),
    async () => 0,
  );
}
