// `npm start`: one plain Node process that becomes the server. It sets up the environment (the secret is
// created on first run), runs scripts/prepare.ts (migrations, build when the sources changed) in a child that
// exits, then loads scripts/server.mjs in this same process: no launcher stays behind beside the server.
// `--dev` runs `next dev` instead.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const dev = process.argv.includes("--dev");
const dataDir = path.resolve(root, process.env.PARLEY_DATA_DIR ?? "data");

process.env.NEXT_TELEMETRY_DISABLED = "1";
process.env.AUTH_TRUST_HOST ??= "true";
if (process.env.APP_URL && !process.env.AUTH_URL) process.env.AUTH_URL = process.env.APP_URL;

if (!process.env.AUTH_SECRET) {
  const file = path.join(dataDir, "auth-secret");
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
    console.log(`start: generated AUTH_SECRET in ${path.relative(root, file)} (set AUTH_SECRET to use your own)`);
  }
  process.env.AUTH_SECRET = readFileSync(file, "utf8").trim();
}

const tsx = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");
const prepare = spawnSync(
  process.execPath,
  [tsx, "--conditions=react-server", path.join(root, "scripts", "prepare.ts"), ...(dev ? ["--dev"] : [])],
  { cwd: root, stdio: "inherit", env: process.env },
);
if (prepare.status !== 0) process.exit(prepare.status ?? 1);

if (dev) {
  const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
  const child = spawn(process.execPath, [nextBin, "dev", "--port", process.env.PORT ?? "3000"], {
    cwd: root,
    stdio: "inherit",
    env: process.env,
  });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
  child.on("exit", (code) => process.exit(code ?? 0));
} else {
  await import("./server.mjs");
}
