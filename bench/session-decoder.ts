// `npm run bench:session-decoder`: does the hand-written session decoder
// (lib/auth/session-token.ts) matter where a person meets it? The same signed-in request, interleaved round by
// round, against two production builds on one database with one AUTH_SECRET (so one cookie works on both):
// - this checkout's, in BENCH_DIST_DIR (default .next-bench; built when stale, as `npm start` does);
// - BENCH_BASELINE_DIST_DIR: a build whose `decodeSessionToken` hands every token to Auth.js's decoder. Make it
//   once: change its first `if` to `if (false)`, `NEXT_DIST_DIR=.next-bench-authjs PARLEY_BENCH_FLOOR=1 npx next
//   build`, and put the file back with an old mtime (`touch -d 2020-01-01 lib/auth/session-token.ts`).
// Requests: GET /api/chat/models with the session cookie (the browser's own route: the token is decoded, then the
// session row and the role are read), and GET /api/health without one (the control: no token, so whatever differs
// there is the noise between the two servers). The REST API would rate-limit this many calls (600 a minute). Each one alone, then
// BENCH_CONCURRENCY (8) at once, the case the decoder was written for (WebCrypto's thread-pool trips queue up).
// BENCH_ROUNDS (300). Prints median and p95 per request kind and build, and the difference per round.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, signIn, stopServer, waitForHealth } from "./server";
import { median, percentile } from "./stats";

const root = path.resolve(import.meta.dirname, "..");
const tsx = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 300);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const DIST_DIR = process.env.BENCH_DIST_DIR ?? ".next-bench";
const BASELINE_DIST_DIR = process.env.BENCH_BASELINE_DIST_DIR;
if (!BASELINE_DIST_DIR) throw new Error("Set BENCH_BASELINE_DIST_DIR to a build with Auth.js's decoder (see the top).");

const dataDir = mkdtempSync(path.join(os.tmpdir(), "parley-bench-decoder-"));
const [port, baselinePort] = [await freePort(), await freePort()];
const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "production",
  HOST: "127.0.0.1",
  DATABASE_URL: `file:${path.join(dataDir, "bench.db")}`,
  PARLEY_DATA_DIR: dataDir,
  AUTH_SECRET: "bench-secret-bench-secret-bench-secret-0123",
  AUTH_TRUST_HOST: "true",
  NEXT_TELEMETRY_DISABLED: "1",
  PARLEY_LOG_LEVEL: "warn",
  PARLEY_BENCH_FLOOR: "1",
};
delete env.REDIS_URL;
const serverEnv = (p: number, distDir: string) => ({
  ...env,
  PORT: String(p),
  APP_URL: `http://127.0.0.1:${p}`,
  AUTH_URL: `http://127.0.0.1:${p}`,
  NEXT_DIST_DIR: distDir,
});

const bases = { handWritten: `http://127.0.0.1:${port}`, authJs: `http://127.0.0.1:${baselinePort}` };
type Build = keyof typeof bases;
const servers: ChildProcess[] = [];
try {
  // This build as `npm start` runs it (migrations, build when stale); the baseline served as is.
  servers.push(
    spawn(process.execPath, [path.join(root, "scripts", "start.mjs")], {
      cwd: root,
      env: serverEnv(port, DIST_DIR),
      stdio: ["ignore", "inherit", "inherit"],
    }),
  );
  await waitForHealth(bases.handWritten, servers[0] as ChildProcess);
  servers.push(
    spawn(process.execPath, [path.join(root, "scripts", "server.mjs")], {
      cwd: root,
      env: serverEnv(baselinePort, BASELINE_DIST_DIR),
      stdio: ["ignore", "inherit", "inherit"],
    }),
  );
  await waitForHealth(bases.authJs, servers[1] as ChildProcess);

  const seed = spawnSync(process.execPath, [tsx, "--conditions=react-server", "bench/seed.ts"], {
    cwd: root,
    env,
    encoding: "utf8",
  });
  if (seed.status !== 0) throw new Error(`seeding failed:\n${seed.stderr}`);
  const account = JSON.parse(seed.stdout.trim().split("\n").at(-1) as string) as {
    login: string;
    password: string;
  };
  const cookie = await signIn(bases.handWritten, account.login, account.password);
  const requests = {
    session: { path: "/api/chat/models", headers: { cookie } as Record<string, string> },
    control: { path: "/api/health", headers: {} as Record<string, string> },
  };
  type Kind = keyof typeof requests;

  /** One GET; milliseconds to the whole answer. A connection the server closed is tried once more. */
  async function timed(build: Build, kind: Kind): Promise<number> {
    for (let attempt = 0; ; attempt++) {
      const start = performance.now();
      try {
        const response = await fetch(`${bases[build]}${requests[kind].path}`, { headers: requests[kind].headers });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`${build} ${kind}: HTTP ${response.status}`);
        return performance.now() - start;
      } catch (error) {
        if (attempt > 0 || String(error).includes("HTTP")) throw error;
      }
    }
  }

  const builds: Build[] = ["handWritten", "authJs"];
  const kinds: Kind[] = ["session", "control"];
  for (const inFlight of [1, CONCURRENCY]) {
    const samples = new Map<string, number[]>();
    for (let round = 0; round < ROUNDS + 10; round++) {
      // Rotating order, so neither build always goes first.
      const order = builds.flatMap((b) => kinds.map((k) => [b, k] as const));
      const turn = order.map((_, i) => order[(i + round) % order.length] as (typeof order)[number]);
      for (const [build, kind] of turn) {
        const times = await Promise.all(Array.from({ length: inFlight }, () => timed(build, kind)));
        if (round < 10) continue; // warm-up
        const key = `${build} ${kind}`;
        samples.set(key, [...(samples.get(key) ?? []), median(times)]);
      }
    }
    const row = (xs: number[]) => `${median(xs).toFixed(2).padStart(7)} [${percentile(xs, 95).toFixed(2).padStart(7)}]`;
    console.log(`\n== ${inFlight} at once, ${ROUNDS} interleaved rounds (ms per request, median [p95]) ==`);
    for (const kind of kinds) {
      const hand = samples.get(`handWritten ${kind}`) as number[];
      const authJs = samples.get(`authJs ${kind}`) as number[];
      const saved = authJs.map((t, i) => t - (hand[i] as number));
      console.log(
        `${kind.padEnd(8)} hand-written ${row(hand)}   Auth.js ${row(authJs)}   Auth.js minus hand-written ${row(saved)}`,
      );
    }
  }
} finally {
  for (const server of servers.reverse()) await stopServer(server);
  rmSync(dataDir, { recursive: true, force: true });
}
