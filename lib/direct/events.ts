import "server-only";
import { db } from "../db/client";
import { env } from "../env";
import { log } from "../log";
import { processGlobal } from "../process-global";
import { redis } from "../redis";

// The per-person feed that live direct-message streams read (new and deleted messages, read receipts).
// Rows make it work on every instance with nothing but the database; Redis pub/sub, when configured, only
// wakes the streams at once instead of at their next poll.

export type DirectEventKind = "message" | "read" | "deleted";

export interface DirectEvent {
  id: number;
  kind: DirectEventKind;
  data: Record<string, unknown>;
}

/** Instances that share a Redis server but not a database (tests, staging) keep apart by PARLEY_REDIS_PREFIX. */
const channelPrefix = () => `${env().PARLEY_REDIS_PREFIX}dm:`;
const RETENTION_MS = 24 * 60 * 60 * 1000;

export async function publishDirectEvents(events: { userId: string; kind: DirectEventKind; data: object }[]) {
  if (events.length === 0) return;
  await db.directMessageEvent.createMany({
    data: events.map((e) => ({ userId: e.userId, kind: e.kind, payload: JSON.stringify(e.data) })),
  });
  const client = redis();
  if (client) {
    try {
      const connection = await client;
      await Promise.all(
        [...new Set(events.map((e) => e.userId))].map((id) => connection.publish(channelPrefix() + id, "1")),
      );
    } catch (error) {
      // Streams still find the rows at their next poll.
      log.warn("direct.publish_failed", { error });
    }
  }
  if (Math.random() < 0.05) {
    await db.directMessageEvent.deleteMany({ where: { createdAt: { lt: new Date(Date.now() - RETENTION_MS) } } });
  }
}

/**
 * A deleted message must not come back from a replay (`after`, Last-Event-ID): the kept "message" events that
 * carry it are removed, and replies that quote it lose the quote (as the thread shows them).
 */
export async function forgetDirectMessageEvents(messageId: string, userIds: string[]): Promise<void> {
  const rows = await db.directMessageEvent.findMany({
    where: { userId: { in: userIds }, kind: "message", payload: { contains: messageId } },
    select: { id: true, payload: true },
    take: 1000,
  });
  const removed: number[] = [];
  const unquoted: { id: number; payload: string }[] = [];
  for (const row of rows) {
    const data = JSON.parse(row.payload) as { message?: { id?: string; parent_id?: string | null; parent?: unknown } };
    if (data.message?.id === messageId) removed.push(row.id);
    else if (data.message?.parent_id === messageId) {
      unquoted.push({
        id: row.id,
        payload: JSON.stringify({ ...data, message: { ...data.message, parent_id: null, parent: null } }),
      });
    }
  }
  await db.$transaction([
    db.directMessageEvent.deleteMany({ where: { id: { in: removed } } }),
    ...unquoted.map((row) => db.directMessageEvent.update({ where: { id: row.id }, data: { payload: row.payload } })),
  ]);
}

export async function readDirectEvents({
  userId,
  afterId,
  limit = 100,
}: {
  userId: string;
  afterId: number;
  limit?: number;
}): Promise<DirectEvent[]> {
  const rows = await db.directMessageEvent.findMany({
    where: { userId, id: { gt: afterId } },
    orderBy: { id: "asc" },
    take: limit,
  });
  return rows.map((r) => ({ id: r.id, kind: r.kind as DirectEventKind, data: JSON.parse(r.payload) }));
}

/** The id a new stream starts after: only what happens from now on. */
export async function latestDirectEventId(userId: string): Promise<number> {
  const row = await db.directMessageEvent.findFirst({
    where: { userId },
    orderBy: { id: "desc" },
    select: { id: true },
  });
  return row?.id ?? 0;
}

type Waker = () => void;
interface Wakers {
  listeners: Map<string, Set<Waker>>;
  subscribed?: Promise<boolean>;
}
const wakers = processGlobal<Wakers>("parleyDirectWakers", () => ({ listeners: new Map() }));

/** One pattern subscription per process; every stream of a person is woken by a publish to their channel. */
function subscribe(): Promise<boolean> {
  const client = redis();
  if (!client) return Promise.resolve(false);
  wakers.subscribed ??= (async () => {
    try {
      const subscriber = (await client).duplicate();
      subscriber.on("error", (error) => log.error("redis.error", { error }));
      await subscriber.connect();
      const prefix = channelPrefix();
      await subscriber.pSubscribe(`${prefix}*`, (_message, channel) => {
        for (const wake of wakers.listeners.get(channel.slice(prefix.length)) ?? []) wake();
      });
      return true;
    } catch (error) {
      log.warn("direct.subscribe_failed", { error });
      wakers.subscribed = undefined;
      return false;
    }
  })();
  return wakers.subscribed;
}

/** Whether this process hears about new events at once (Redis) or has to poll. */
export function directEventsArePushed(): Promise<boolean> {
  return subscribe();
}

/** Resolves when an event for the person may be waiting, after `timeoutMs`, or when `signal` aborts. */
export async function waitForDirectEvent(userId: string, timeoutMs: number, signal: AbortSignal): Promise<void> {
  await subscribe();
  await new Promise<void>((resolve) => {
    const set = wakers.listeners.get(userId) ?? new Set<Waker>();
    wakers.listeners.set(userId, set);
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      set.delete(done);
      if (set.size === 0) wakers.listeners.delete(userId);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    signal.addEventListener("abort", done);
    set.add(done);
  });
}
