import { mkdirSync } from "node:fs";
import path from "node:path";
import { dialectOf, sqlitePath } from "./dialect";

/** SQLite creates the file but not its directory (the default `data/` on a fresh clone). */
export function ensureSqliteDirectory(url: string): void {
  if (dialectOf(url) !== "sqlite") return;
  const file = sqlitePath(url);
  if (file !== ":memory:") mkdirSync(path.dirname(file), { recursive: true });
}
