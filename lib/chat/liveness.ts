import "server-only";
import { failStaleReply, findStaleReplies } from "../db/messages";
import { log } from "../log";
import { processGlobal } from "../process-global";
import { localGeneration } from "./registry";
import { clearResumable } from "./resumable";

/** How often a producer renews its reply's heartbeat (`updatedAt`), and when a silent reply counts as orphaned. */
export const HEARTBEAT_INTERVAL_MS = 2_000;
export const STALE_AFTER_MS = 10_000;
const REAP_INTERVAL_MS = 3_000;

export const ABANDONED_ERROR =
  "The reply was cut short: the server writing it stopped. What it had written is kept; retry to get a full answer.";

export function isStale(updatedAt: Date, now = Date.now()): boolean {
  return now - updatedAt.getTime() >= STALE_AFTER_MS;
}

/** Marks one orphaned reply as failed (keeping its saved text) and clears its Redis stream; false when it is alive. */
export async function failIfAbandoned(message: { id: string; updatedAt: Date }, now = Date.now()): Promise<boolean> {
  if (localGeneration(message.id) || !isStale(message.updatedAt, now)) return false;
  const failed = await failStaleReply({
    id: message.id,
    before: new Date(now - STALE_AFTER_MS),
    error: ABANDONED_ERROR,
  });
  if (failed) {
    log.warn("chat.reply_abandoned", { messageId: message.id });
    await clearResumable(message.id).catch((error) => log.warn("chat.resumable_clear_failed", { error }));
  }
  return failed;
}

/** One sweep: every streaming reply whose producer (on any instance) stopped renewing its heartbeat. */
export async function failAbandonedReplies(now = Date.now()): Promise<string[]> {
  const before = new Date(now - STALE_AFTER_MS);
  const failed: string[] = [];
  for (const id of await findStaleReplies({ before, limit: 200 })) {
    if (await failIfAbandoned({ id, updatedAt: before }, now)) failed.push(id);
  }
  return failed;
}

const reaper = processGlobal("parleyReaper", () => ({
  current: undefined as ReturnType<typeof setInterval> | undefined,
}));

/** Runs the sweep now (start-up) and every few seconds on this instance; idempotent. */
export function startReaper(): void {
  if (reaper.current) return;
  let running = false;
  const sweep = async () => {
    if (running) return;
    running = true;
    try {
      await failAbandonedReplies();
    } catch (error) {
      log.warn("chat.reaper_failed", { error });
    } finally {
      running = false;
    }
  };
  void sweep();
  reaper.current = setInterval(sweep, REAP_INTERVAL_MS);
  reaper.current.unref?.();
}
