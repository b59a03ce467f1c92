import "server-only";
import { env } from "../env";
import { log } from "../log";
import { redis, withRedis } from "../redis";
import type { StreamHub } from "./hub";

export interface ActiveGeneration {
  messageId: string;
  conversationId: string;
  userId: string;
  hub: StreamHub;
  controller: AbortController;
  /** Settles when the reply is stored in its final state. */
  done: Promise<void>;
}

const STOP_CHANNEL_SUFFIX = "chat:stop";

const state = globalThis as unknown as {
  parleyGenerations?: Map<string, ActiveGeneration>;
  parleyStopListener?: Promise<void> | null;
};
state.parleyGenerations ??= new Map();
const active = state.parleyGenerations;

export function keyPrefix(): string {
  return env().PARLEY_REDIS_PREFIX;
}

export function registerGeneration(generation: ActiveGeneration): void {
  active.set(generation.messageId, generation);
  void listenForRemoteStops();
  generation.done.finally(() => {
    if (active.get(generation.messageId) === generation) active.delete(generation.messageId);
  });
}

export function localGeneration(messageId: string): ActiveGeneration | undefined {
  return active.get(messageId);
}

/** The newest generation running here for a conversation of this user (its row may not be written yet). */
export function localGenerationFor(conversationId: string, userId: string): ActiveGeneration | undefined {
  let found: ActiveGeneration | undefined;
  for (const generation of active.values()) {
    if (generation.conversationId === conversationId && generation.userId === userId) found = generation;
  }
  return found;
}

/** Aborts the generation here, or asks the instance that runs it (via Redis). Returns whether it ran here. */
export async function requestStop(messageId: string): Promise<boolean> {
  const local = active.get(messageId);
  if (local) {
    local.controller.abort(new DOMException("Stopped by the user", "AbortError"));
    return true;
  }
  await withRedis(
    (client) => client.publish(`${keyPrefix()}${STOP_CHANNEL_SUFFIX}`, messageId),
    async () => 0,
  );
  return false;
}

/** One Redis subscription per process: stop requests that reach another instance abort the work here. */
function listenForRemoteStops(): Promise<void> | null {
  const client = redis();
  if (!client) return null;
  state.parleyStopListener ??= (async () => {
    try {
      const subscriber = (await client).duplicate();
      subscriber.on("error", (error) => log.error("redis.subscriber_error", { error }));
      await subscriber.connect();
      await subscriber.subscribe(`${keyPrefix()}${STOP_CHANNEL_SUFFIX}`, (messageId) => {
        active.get(messageId)?.controller.abort(new DOMException("Stopped by the user", "AbortError"));
      });
    } catch (error) {
      state.parleyStopListener = null;
      log.error("chat.stop_listener_failed", { error });
    }
  })();
  return state.parleyStopListener;
}
