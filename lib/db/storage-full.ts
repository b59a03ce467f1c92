// Recognises "the database's disk is full" (SQLite's SQLITE_FULL, PostgreSQL's disk_full) among the shapes it
// takes through Prisma and its driver adapters, and remembers when this process last saw it (for the health
// check). No imports: lib/errors.ts uses it.

const SQLITE_FULL = 13;
const PG_DISK_FULL = "53100";
const MESSAGE = /database or disk is full|No space left on device|could not extend file/i;

export function isStorageFull(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 6) return false;
  const e = error as {
    code?: unknown;
    extendedCode?: unknown;
    originalCode?: unknown;
    message?: unknown;
    cause?: unknown;
    meta?: { driverAdapterError?: unknown };
  };
  if (e.code === "SQLITE_FULL" || e.code === PG_DISK_FULL || e.originalCode === PG_DISK_FULL) return true;
  if (e.extendedCode === SQLITE_FULL || e.originalCode === String(SQLITE_FULL)) return true;
  if (typeof e.message === "string" && MESSAGE.test(e.message)) return true;
  return [e.cause, e.meta?.driverAdapterError].some((inner) => isStorageFull(inner, depth + 1));
}

const state = (() => {
  const store = globalThis as unknown as { parleyStorageFull?: { at: number } };
  store.parleyStorageFull ??= { at: 0 };
  return store.parleyStorageFull;
})();

/** A write failed because the disk is full: the health check tests writing until one succeeds again. */
export function noteStorageFull(): void {
  state.at = Date.now();
}

export function noteStorageWritable(): void {
  state.at = 0;
}

/** Whether a write failed for lack of space since the last write that was seen to succeed. */
export function storageFullSeen(): boolean {
  return state.at > 0;
}
