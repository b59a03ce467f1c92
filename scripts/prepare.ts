// Run by scripts/start.mjs (`npm start`) before it serves: checks the environment, creates the database on
// first run, applies pending migrations, and builds when the sources changed since the last build
// (`--dev`: no build). It then exits, so the server runs alone in the launcher's own process.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { databaseUrl, redactUrl } from "../lib/db/dialect";
import { Migrator, messageOf } from "../lib/db/migrate/migrator";
import { ensureSqliteDirectory } from "../lib/db/sqlite-file";
import { env } from "../lib/env";

const root = path.resolve(import.meta.dirname, "..");
const dev = process.argv.includes("--dev");
const distDir = path.resolve(root, process.env.NEXT_DIST_DIR ?? ".next");
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");

async function migrate() {
  const url = databaseUrl(process.env);
  ensureSqliteDirectory(url);
  const migrator = await Migrator.open({ url, root });
  try {
    const applied = await migrator.deploy();
    console.log(
      `start: database ${redactUrl(url)} ${applied.length ? `migrated (${applied.join(", ")})` : "is up to date"}`,
    );
  } finally {
    await migrator.close();
  }
}

const SOURCES = [
  "app",
  "components",
  "lib",
  "public",
  "proxy.ts",
  "instrumentation.ts",
  "next.config.js",
  "package.json",
  "postcss.config.mjs",
];

function newestSourceMtime(): number {
  let newest = 0;
  const visit = (p: string) => {
    if (!existsSync(p)) return;
    const s = statSync(p);
    if (s.isDirectory()) {
      for (const entry of readdirSync(p)) if (entry !== "generated") visit(path.join(p, entry));
    } else newest = Math.max(newest, s.mtimeMs);
  };
  for (const source of SOURCES) visit(path.join(root, source));
  return newest;
}

function buildIfNeeded() {
  const buildId = path.join(distDir, "BUILD_ID");
  if (existsSync(buildId) && statSync(buildId).mtimeMs >= newestSourceMtime()) return;
  console.log("start: building Parley (first run or sources changed)…");
  const result = spawnSync(process.execPath, [nextBin, "build"], { cwd: root, stdio: "inherit", env: process.env });
  if (result.status !== 0) throw new Error("next build failed");
}

async function main() {
  env(); // fails fast, listing every invalid variable
  await migrate();
  if (!dev) buildIfNeeded();
}

main().catch((error) => {
  console.error(`start: ${messageOf(error)}`);
  process.exit(1);
});
