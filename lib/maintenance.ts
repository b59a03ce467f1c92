import "server-only";
import { type CleanupCounts, removeExpiredRows } from "./db/cleanup";
import { log } from "./log";
import { hit } from "./rate-limit";

export const CLEANUP_INTERVAL_SECONDS = 60 * 60;

// One run per interval across all instances: the limiter (Redis or the database) is the shared lock.
const CLEANUP_SLOT = { name: "maintenance", limit: 1, windowSeconds: CLEANUP_INTERVAL_SECONDS - 60 };

/** Removes expired rows unless another instance already did in this interval; null when it did. */
export async function runScheduledCleanup(now = new Date()): Promise<CleanupCounts | null> {
  const slot = await hit(CLEANUP_SLOT, "cleanup", now);
  if (!slot.allowed) return null;
  const counts = await removeExpiredRows(now);
  log.info("maintenance.cleanup", { ...counts });
  return counts;
}

/**
 * Runs the cleanup soon after start and then every interval, on every instance (the slot makes one of
 * them do the work). Returns a function that stops the schedule.
 */
export function startCleanupSchedule({
  firstDelayMs = 30_000 + Math.floor(Math.random() * 60_000),
  intervalMs = CLEANUP_INTERVAL_SECONDS * 1000,
} = {}): () => void {
  const run = () => {
    runScheduledCleanup().catch((error) => log.error("maintenance.cleanup_failed", { error }));
  };
  let interval: ReturnType<typeof setInterval> | undefined;
  const first = setTimeout(() => {
    run();
    interval = setInterval(run, intervalMs);
    interval.unref();
  }, firstDelayMs);
  first.unref();
  return () => {
    clearTimeout(first);
    if (interval) clearInterval(interval);
  };
}
