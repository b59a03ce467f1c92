// `npm run bench`: first-token cost measured where a person feels it, at the HTTP boundary.
// Starts a production server exactly as `npm start` does (scripts/start.mjs: migrations, build when stale,
// then the server in the same process) on a free port, once on SQLite and once on PostgreSQL + Redis (when
// TEST_DATABASE_URL_PG / TEST_REDIS_URL are set), with the repo's OpenAI-compatible mock model on loopback.
// Each round calls, in rotating order: the model server directly; the floor (a bare route handler streaming
// the same model through the AI SDK, compiled only into the bench's own build, see app/api/bench-floor);
// Parley's browser path `/api/chat` with a real session cookie; the REST streaming path with an API key; and
// the OpenAI-compatible /api/v1/chat/completions (streamed) with the same key.
// Environment: BENCH_ROUNDS (default 100), BENCH_IN_PROCESS=1 also runs the in-process breakdown
// (bench/run.ts), BENCH_SKIP_PG=1 skips PostgreSQL, BENCH_DIST_DIR picks the build directory (.next-bench),
// BENCH_MODEL_PACE_MS paces the model's words (default 0: all 30 arrive in one read, the harder case for the
// first text, which then waits behind the processing of the rest; a real model sends a word every 10–50 ms).
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import pg from "pg";
import { startMockServer } from "../test/openai-mock-server";
import { jsBytesPerRoute } from "./js-bytes";
import { freePort, signIn, treeRssKiB, waitForHealth } from "./server";
import { median, percentile } from "./stats";

const root = path.resolve(import.meta.dirname, "..");
const tsx = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 100);
const WARMUP = 8;
const WORDS = Array.from({ length: 30 }, (_, i) => `token${i}`).join(" ");
const PACE_MS = Number(process.env.BENCH_MODEL_PACE_MS ?? 0);
// The bench's own build (with the floor route); BENCH_DIST_DIR lets a second checkout's build sit beside it.
const DIST_DIR = process.env.BENCH_DIST_DIR ?? ".next-bench";
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

type PathName = "direct" | "floor" | "browser" | "rest" | "gateway" | "floorIdentity" | "browserBefore" | "restBefore";
// BENCH_BASELINE_DIST_DIR: a build of other sources (e.g. main's, built once by this bench with
// BENCH_DIST_DIR) served beside this one on the same database, so before and after share every round.
const BASELINE_DIST_DIR = process.env.BENCH_BASELINE_DIST_DIR;
const PATHS: PathName[] = [
  "direct",
  "floor",
  "browser",
  "rest",
  "gateway",
  "floorIdentity",
  ...(BASELINE_DIST_DIR ? (["browserBefore", "restBefore"] as PathName[]) : []),
];
const PARLEY_PATHS: PathName[] = [
  "browser",
  "rest",
  "gateway",
  ...(BASELINE_DIST_DIR ? (["browserBefore", "restBefore"] as PathName[]) : []),
];
const LABELS: Record<PathName, string> = {
  direct: "model server directly",
  floor: "floor: bare route, AI SDK stream",
  browser: "Parley browser path /api/chat",
  rest: "Parley REST stream (API key)",
  gateway: "OpenAI-compatible /api/v1/chat/completions",
  floorIdentity: "floor, not compressed",
  browserBefore: "before: browser path (baseline build)",
  restBefore: "before: REST stream (baseline build)",
};

interface Sample {
  /** Response headers received (the first byte of the response). */
  headers: number;
  /** The first chunk that carries reply text. */
  text: number;
}

interface Timed extends Sample {
  status: number;
  responseHeaders: http.IncomingHttpHeaders;
  body: string;
}

/** POSTs and reads the whole response, timing the headers and the first chunk that `hasText` recognises. */
function timedPost(url: string, headers: Record<string, string>, body: string, hasText: RegExp): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    let headersAt = 0;
    let textAt = 0;
    const req = http.request(
      url,
      {
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...headers },
      },
      (res) => {
        headersAt = performance.now() - start;
        let text = "";
        // Decoded as it arrives, as a browser does: a compressor that held chunks back would show here.
        const encoding = String(res.headers["content-encoding"] ?? "");
        const decoded =
          encoding === "gzip"
            ? res.pipe(zlib.createGunzip({ flush: zlib.constants.Z_SYNC_FLUSH }))
            : encoding === "br"
              ? res.pipe(zlib.createBrotliDecompress())
              : encoding === "deflate"
                ? res.pipe(zlib.createInflate({ flush: zlib.constants.Z_SYNC_FLUSH }))
                : res;
        decoded.setEncoding("utf8");
        decoded.on("data", (chunk: string) => {
          if (!textAt && hasText.test(chunk)) textAt = performance.now() - start;
          text += chunk;
        });
        decoded.on("end", () =>
          resolve({
            headers: headersAt,
            text: textAt,
            status: res.statusCode ?? 0,
            responseHeaders: res.headers,
            body: text,
          }),
        );
        decoded.on("error", reject);
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const UI_TEXT = /"type":"text-delta"/;
// What Chromium sends: the app's responses are measured with the compression a browser would get.
const BROWSER_ENCODINGS = { "accept-encoding": "gzip, deflate, br, zstd" };
const OPENAI_TEXT = /"content":"[^"]/;

interface DialectRun {
  dialect: string;
  samples: Record<PathName, Sample[]>;
  /** The Content-Encoding each path answered with (to a browser's Accept-Encoding). */
  encodings: Record<PathName, string>;
  memory: { idle: { processes: number; rssKiB: number }; afterLoad: { processes: number; rssKiB: number } };
}

async function runDialect(
  dialect: string,
  databaseUrl: string,
  redisUrl: string | undefined,
  mockBaseURL: string,
): Promise<DialectRun> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "parley-bench-http-"));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const serverEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl ?? "",
    PARLEY_DATA_DIR: dataDir,
    AUTH_SECRET: "bench-secret-bench-secret-bench-secret-0123",
    APP_URL: base,
    OPENAI_BASE_URL: mockBaseURL,
    OPENAI_API_KEY: "bench",
    PARLEY_MODELS: "bench-model",
    PARLEY_MESSAGES_PER_MINUTE: "100000",
    PARLEY_LOG_LEVEL: "warn",
    NEXT_DIST_DIR: DIST_DIR,
    PARLEY_BENCH_FLOOR: "1",
  };
  if (!redisUrl) delete serverEnv.REDIS_URL;
  console.log(`\n[${dialect}] starting the server as npm start does (node scripts/start.mjs) on ${base}…`);
  const server = spawn(process.execPath, [path.join(root, "scripts", "start.mjs")], {
    cwd: root,
    env: serverEnv,
    stdio: ["ignore", "inherit", "inherit"],
  });
  let baseline: ChildProcess | undefined;
  const baselineBase = `http://127.0.0.1:${await freePort()}`;
  try {
    await waitForHealth(base, server);
    if (BASELINE_DIST_DIR) {
      // Served as is (no build, no migrations: the schema is the same), with what start.mjs would set.
      baseline = spawn(process.execPath, [path.join(root, "scripts", "server.mjs")], {
        cwd: root,
        env: {
          ...serverEnv,
          PORT: new URL(baselineBase).port,
          APP_URL: baselineBase,
          AUTH_URL: baselineBase,
          AUTH_TRUST_HOST: "true",
          NEXT_TELEMETRY_DISABLED: "1",
          NEXT_DIST_DIR: BASELINE_DIST_DIR,
        },
        stdio: ["ignore", "inherit", "inherit"],
      });
      await waitForHealth(baselineBase, baseline);
    }
    const seed = spawnSync(process.execPath, [tsx, "--conditions=react-server", "bench/seed.ts"], {
      cwd: root,
      env: serverEnv,
      encoding: "utf8",
    });
    if (seed.status !== 0) throw new Error(`seeding failed:\n${seed.stderr}`);
    const account = JSON.parse(seed.stdout.trim().split("\n").at(-1) as string) as {
      login: string;
      password: string;
      apiKey: string;
    };
    // One retry: a kept-alive connection the fresh server closes can fail the very first exchange.
    const cookie = await signIn(base, account.login, account.password).catch(() =>
      signIn(base, account.login, account.password),
    );
    const created = await fetch(`${base}/api/v1/conversations`, {
      method: "POST",
      headers: { authorization: `Bearer ${account.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({ title: "REST bench" }),
    });
    if (!created.ok)
      throw new Error(`creating the REST conversation failed: ${created.status} ${await created.text()}`);
    const restConversation = ((await created.json()) as { id: string }).id;
    const restConversationBefore = BASELINE_DIST_DIR
      ? (
          (await (
            await fetch(`${base}/api/v1/conversations`, {
              method: "POST",
              headers: { authorization: `Bearer ${account.apiKey}`, "content-type": "application/json" },
              body: JSON.stringify({ title: "REST bench, baseline" }),
            })
          ).json()) as { id: string }
        ).id
      : "";
    const browserPath = (origin: string) => {
      const conversationId = randomUUID();
      let parentId: string | null = null;
      return async (i: number) => {
        const result = await timedPost(
          `${origin}/api/chat`,
          { cookie, origin, "sec-fetch-site": "same-origin", ...BROWSER_ENCODINGS },
          JSON.stringify({
            conversationId,
            message: { id: randomUUID(), role: "user", parts: [{ type: "text", text: `hello ${i}` }] },
            parentId,
          }),
          UI_TEXT,
        );
        parentId = String(result.responseHeaders["x-message-id"] ?? "") || parentId;
        return result;
      };
    };
    const restPath = (origin: string, conversationId: string) => (i: number) =>
      timedPost(
        `${origin}/api/v1/conversations/${conversationId}/messages`,
        { authorization: `Bearer ${account.apiKey}`, ...BROWSER_ENCODINGS },
        JSON.stringify({ content: `hello ${i}`, stream: true }),
        UI_TEXT,
      );

    const call: Record<PathName, (i: number) => Promise<Timed>> = {
      direct: () =>
        timedPost(
          `${mockBaseURL}/chat/completions`,
          { authorization: "Bearer bench" },
          JSON.stringify({ model: "bench-model", stream: true, messages: [{ role: "user", content: "hello" }] }),
          OPENAI_TEXT,
        ),
      floor: (i) =>
        timedPost(`${base}/api/bench-floor`, BROWSER_ENCODINGS, JSON.stringify({ text: `hello ${i}` }), UI_TEXT),
      // The same floor without Accept-Encoding: what compressing the stream costs.
      floorIdentity: (i) => timedPost(`${base}/api/bench-floor`, {}, JSON.stringify({ text: `hello ${i}` }), UI_TEXT),
      browser: browserPath(base),
      rest: restPath(base, restConversation),
      // The gateway answers OpenAI's chunks, so its first text is matched like the model server's own.
      gateway: (i) =>
        timedPost(
          `${base}/api/v1/chat/completions`,
          { authorization: `Bearer ${account.apiKey}`, ...BROWSER_ENCODINGS },
          JSON.stringify({ model: "bench-model", stream: true, messages: [{ role: "user", content: `hello ${i}` }] }),
          OPENAI_TEXT,
        ),
      browserBefore: browserPath(baselineBase),
      restBefore: restPath(baselineBase, restConversationBefore),
    };

    const idle = treeRssKiB(server.pid as number);
    const samples = Object.fromEntries(PATHS.map((p) => [p, []])) as unknown as Record<PathName, Sample[]>;
    const encodings = Object.fromEntries(PATHS.map((p) => [p, ""])) as Record<PathName, string>;
    for (let i = 0; i < WARMUP + ROUNDS; i++) {
      // Rotate the order each round so no path always runs first (or right after another).
      const order = PATHS.map((_, k) => PATHS[(k + i) % PATHS.length] as PathName);
      for (const name of order) {
        const result = await call[name](i);
        if (result.status >= 300 || !result.text) {
          throw new Error(`${name}: HTTP ${result.status}, no text: ${result.body.slice(0, 300)}`);
        }
        if (i >= WARMUP) samples[name].push({ headers: result.headers, text: result.text });
        encodings[name] = String(result.responseHeaders["content-encoding"] ?? "identity");
      }
    }
    const afterLoad = treeRssKiB(server.pid as number);
    return { dialect, samples, encodings, memory: { idle, afterLoad } };
  } finally {
    if (baseline) {
      baseline.kill("SIGTERM");
      const stopped = baseline;
      await new Promise((r) => (stopped.exitCode !== null ? r(null) : stopped.once("exit", r)));
    }
    server.kill("SIGTERM");
    await new Promise((r) => (server.exitCode !== null ? r(null) : server.once("exit", r)));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const f = (n: number) => n.toFixed(1).padStart(6);

function report(run: DialectRun) {
  const { samples } = run;
  const key = (name: PathName, k: keyof Sample) => samples[name].map((x) => x[k]);
  // Per round: each path minus another path's call in the same round.
  const minus = (name: PathName, base: PathName, k: keyof Sample) =>
    samples[name].map((x, i) => x[k] - (samples[base][i] as Sample)[k]);
  const mp = (xs: number[]) => `${f(median(xs))} [${f(percentile(xs, 95))}]`;
  const ownTarget = run.dialect === "SQLite" ? 3 : 5;
  const pace = PACE_MS ? `model paced at ${PACE_MS} ms a word` : "model sends 30 words at once";
  console.log(`\n== ${run.dialect}: ${ROUNDS} interleaved rounds, ${pace} (ms, median [p95]) ==`);
  console.log(
    `${"path".padEnd(34)} ${"first byte".padEnd(15)} ${"first text".padEnd(15)} ${"text: added over model".padEnd(22)}`,
  );
  for (const name of PATHS) {
    const added = name === "direct" ? "" : mp(minus(name, "direct", "text"));
    console.log(`${LABELS[name].padEnd(34)} ${mp(key(name, "headers"))} ${mp(key(name, "text"))} ${added}`);
  }
  // Parley's streams are sent uncompressed (Cache-Control: no-transform, see lib/http.ts), so the floor they
  // are held to is the floor without compression: the floor as shipped is shown beside it.
  console.log(
    `\nParley's own cost over the floor (target: median ≤ ${ownTarget} ms, p95 within 10 ms of the floor's p95):`,
  );
  for (const name of PARLEY_PATHS) {
    const own = minus(name, "floorIdentity", "text");
    const p95Gap = percentile(key(name, "text"), 95) - percentile(key("floorIdentity", "text"), 95);
    const met = median(own) <= ownTarget && p95Gap <= 10;
    console.log(
      `  ${LABELS[name].padEnd(32)} first text +${median(own).toFixed(1)} (p95 gap ${p95Gap.toFixed(1)})` +
        ` ${met ? "MET" : "not met"};  first byte +${median(minus(name, "floorIdentity", "headers")).toFixed(1)};` +
        `  over the gzip floor as shipped +${median(minus(name, "floor", "text")).toFixed(1)}`,
    );
  }
  console.log(
    `  floor lowered: not compressing the stream saves ${median(minus("floor", "floorIdentity", "text")).toFixed(1)} ms of first text` +
      ` (content-encoding: ${PATHS.map((p) => `${p} ${run.encodings[p]}`).join(", ")})`,
  );
  const mb = (k: number) => `${(k / 1024).toFixed(0)} MB`;
  console.log(
    `  server (started as npm start starts it): ${run.memory.idle.processes} process(es), idle ${mb(run.memory.idle.rssKiB)},` +
      ` after the rounds ${mb(run.memory.afterLoad.rssKiB)} (target: one process)`,
  );
  return {
    dialect: run.dialect,
    medians: Object.fromEntries(
      PATHS.map((p) => [p, { headers: median(key(p, "headers")), text: median(key(p, "text")) }]),
    ),
    own: Object.fromEntries(PARLEY_PATHS.map((p) => [p, median(minus(p, "floorIdentity", "text"))])),
    memory: run.memory,
  };
}

async function main() {
  const mock = await startMockServer();
  mock.setReply({ text: WORDS, delayMs: PACE_MS });
  console.log(
    PACE_MS
      ? `The model sends a word every ${PACE_MS} ms.`
      : "The model sends its 30 words at once (BENCH_MODEL_PACE_MS paces them).",
  );
  const runs: DialectRun[] = [];
  const sqliteDir = mkdtempSync(path.join(os.tmpdir(), "parley-bench-sqlite-"));
  try {
    runs.push(await runDialect("SQLite", `file:${path.join(sqliteDir, "bench.db")}`, undefined, mock.baseURL));
    const admin = process.env.TEST_DATABASE_URL_PG;
    if (admin && process.env.BENCH_SKIP_PG !== "1") {
      const name = `parley_bench_${Date.now().toString(36)}`;
      const adminClient = new pg.Client({ connectionString: admin });
      await adminClient.connect();
      await adminClient.query(`CREATE DATABASE "${name}"`);
      try {
        const url = new URL(admin);
        url.pathname = `/${name}`;
        runs.push(await runDialect("PostgreSQL + Redis", url.toString(), process.env.TEST_REDIS_URL, mock.baseURL));
      } finally {
        await adminClient.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await adminClient.end();
      }
    } else {
      console.log("\n(PostgreSQL skipped: set TEST_DATABASE_URL_PG and TEST_REDIS_URL)");
    }
  } finally {
    rmSync(sqliteDir, { recursive: true, force: true });
    await mock.close();
    agent.destroy();
  }
  const summary = runs.map(report);
  mkdirSync(path.join(root, "bench", "results"), { recursive: true });
  const file = path.join(root, "bench", "results", `http-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(file, JSON.stringify({ rounds: ROUNDS, modelPaceMs: PACE_MS, summary }, null, 2));
  console.log(`\n(summary written to ${path.relative(root, file)})`);
  jsBytesPerRoute(path.join(root, DIST_DIR));
  if (process.env.BENCH_IN_PROCESS === "1") {
    console.log("\n== In-process breakdown (bench/run.ts: startReply called directly, no HTTP) ==");
    spawnSync(process.execPath, [tsx, "bench/run.ts"], { cwd: root, stdio: "inherit", env: process.env });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
