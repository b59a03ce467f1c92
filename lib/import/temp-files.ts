import "server-only";
import { randomUUID } from "node:crypto";
import { mkdir, readdir, rm, stat, statfs } from "node:fs/promises";
import path from "node:path";
import { env } from "../env";
import { AppError } from "../errors";
import { log } from "../log";

// An import's copy of the upload lives in Parley's data folder (PARLEY_DATA_DIR/tmp/import), not the system's
// temporary folder: it is then on the disk Parley's own data uses (and counted against it before it is written),
// and an instance that starts removes what a killed one left behind.

/** Free space an import leaves on the data disk beyond its own file, for the database and other writes. */
const DISK_RESERVE_BYTES = 256 * 1024 * 1024;
/** A file this old is left over whatever its process: no import runs for a day. */
const STALE_MS = 24 * 60 * 60 * 1000;

export function importTempDir(): string {
  return path.resolve(env().PARLEY_DATA_DIR, "tmp", "import");
}

/** A new file name in the import folder; the process id in it tells a later start-up whose file it was. */
export async function newImportTempFile(extension: string): Promise<string> {
  const dir = importTempDir();
  await mkdir(dir, { recursive: true, mode: 0o700 });
  return path.join(dir, `import-${process.pid}-${randomUUID()}.${extension}`);
}

/**
 * Refuses (503, nothing written) an import whose copy would leave less than the reserve free on the data disk.
 * `bytes` is the declared size when known, else the import limit.
 */
export async function ensureRoomFor(bytes: number): Promise<void> {
  const dir = importTempDir();
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const disk = await statfs(dir);
  const free = disk.bavail * disk.bsize;
  if (free < bytes + DISK_RESERVE_BYTES) {
    throw new AppError("unavailable:storage_full", {
      message: `The server's disk is too full to take this import (${Math.round(free / 1024 / 1024)} MB free). Ask the administrator to free some space, or import a smaller file.`,
      retryAfterSeconds: 3600,
    });
  }
}

function processIsAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes the import copies of processes that are gone (killed mid-import) and any older than a day. */
export async function removeStaleImportFiles(now = Date.now()): Promise<number> {
  const dir = importTempDir();
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const match = /^import-(\d+)-[0-9a-f-]+\.\w+$/.exec(name);
    if (!match) continue;
    const file = path.join(dir, name);
    const info = await stat(file).catch(() => null);
    if (!info) continue;
    if (processIsAlive(Number(match[1])) && now - info.mtimeMs < STALE_MS) continue;
    await rm(file, { force: true });
    removed++;
  }
  if (removed) log.info("import.stale_files_removed", { removed, dir });
  return removed;
}
