// `npm start`: creates the database and secret on first run, applies pending migrations,
// builds when the sources changed since the last build, then serves Parley. `--dev` runs `next dev`.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { databaseUrl, redactUrl } from "../lib/db/dialect";
import { Migrator, messageOf } from "../lib/db/migrate/migrator";
import { ensureSqliteDirectory } from "../lib/db/sqlite-file";
import { env } from "../lib/env";

const root = path.resolve(import.meta.dirname, "..");
const dev = process.argv.includes("--dev");
const dataDir = path.resolve(root, process.env.PARLEY_DATA_DIR ?? "data");
const distDir = path.resolve(root, process.env.NEXT_DIST_DIR ?? ".next");
const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");

process.env.NEXT_TELEMETRY_DISABLED = "1";
process.env.AUTH_TRUST_HOST ??= "true";
if (process.env.APP_URL && !process.env.AUTH_URL) process.env.AUTH_URL = process.env.APP_URL;

function ensureAuthSecret() {
  if (process.env.AUTH_SECRET) return;
  const file = path.join(dataDir, "auth-secret");
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
    console.log(`start: generated AUTH_SECRET in ${path.relative(root, file)} (set AUTH_SECRET to use your own)`);
  }
  process.env.AUTH_SECRET = readFileSync(file, "utf8").trim();
}

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
  ensureAuthSecret();
  await migrate();
  if (!dev) buildIfNeeded();
  const port = process.env.PORT ?? "3000";
  const args = dev ? [nextBin, "dev", "--port", port] : [path.join(root, "scripts", "server.mjs")];
  const child = spawn(process.execPath, args, { cwd: root, stdio: "inherit", env: process.env });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on("SIGINT", forward);
  process.on("SIGTERM", forward);
  child.on("exit", (code) => process.exit(code ?? 0));
}

main().catch((error) => {
  console.error(`start: ${messageOf(error)}`);
  process.exit(1);
});
