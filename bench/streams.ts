// `npm run bench:streams`: many concurrent replies on one instance, measured at the HTTP boundary.
// Starts a production server exactly as `npm start` does (scripts/start.mjs: migrations, build when stale, then
// the server in the same process), once on SQLite and once on PostgreSQL + Redis (when TEST_DATABASE_URL_PG /
// TEST_REDIS_URL are set), with the repo's OpenAI-compatible mock model on loopback streaming a long reply
// (BENCH_TOKENS tokens, one every BENCH_TOKEN_MS), so that every stream overlaps every other.
// BENCH_STREAMS replies (default 200) are opened at once by BENCH_USERS accounts (default 20), half through the
// browser path POST /api/chat with a real session cookie, half through the REST stream with an API key. Each
// stream's text must equal the model's byte for byte and end with `finish`; afterwards every stored reply,
// read back through GET /api/v1/conversations/{id}/messages, must too, with status complete. The bench exits
// non-zero, saying why, if any does not.
// It reports time to first text (and, as the baseline, the same paths one at a time on the idle server), the
// server's memory (RSS of its process tree; heap through a bench-only route, app/api/bench-memory) idle, at the
// peak and after, memory per active stream, the event loop's lag, and the server's warnings.
// BENCH_SKIP_SQLITE=1 / BENCH_SKIP_PG=1 run one dialect; DATABASE_POOL_SIZE and the like pass through to the server.
// BENCH_SERVER_NODE_ARGS: Node flags for the server process only (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
// Rate limits: none is raised. Each account sends BENCH_STREAMS / BENCH_USERS messages (10), under the
// default 30 a minute; REST calls stay under the API's 600 a minute; the sign-ins stay under 100 per IP.
import { spawn, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { type RecordedRequest, startMockServer } from "../test/openai-mock-server";
import { freePort, signIn, stopServer, treeRssKiB, waitForHealth, withPostgresDatabase } from "./server";
import { median, percentile } from "./stats";

const root = path.resolve(import.meta.dirname, "..");
const tsx = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");
const STREAMS = Number(process.env.BENCH_STREAMS ?? 200);
const USERS = Number(process.env.BENCH_USERS ?? 20);
const TOKENS = Number(process.env.BENCH_TOKENS ?? 300);
const TOKEN_MS = Number(process.env.BENCH_TOKEN_MS ?? 20);
const BASELINE_ROUNDS = 5;
const SAMPLE_MS = 250;
const STREAM_TIMEOUT_MS = 180_000;
// The same build as `npm run bench` (it has the bench-only routes).
const DIST_DIR = process.env.BENCH_DIST_DIR ?? ".next-bench";
const MESSAGES_PER_MINUTE = 30; // the server's default, left as it is
const agent = new http.Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });

type ParleyPath = "browser" | "rest";
type PathName = ParleyPath | "floor";

interface Account {
  userId: string;
  login: string;
  password: string;
  apiKey: string;
  cookie?: string;
}

// Text that a byte-level slip would change: multi-byte UTF-8 (2, 3 and 4 bytes, a ZWJ sequence), JSON
// escapes, markup, and paragraph breaks.
const VOCAB = [
  "Grüße",
  "naïve",
  "日本語の",
  "🙂",
  "👩‍💻",
  '"quoted"',
  "back\\slash",
  "<b>tag</b>",
  "&amp;",
  "tab\u00a0nbsp",
  "`code`",
  "plain",
  "words",
];

/** The model's reply to stream `n`: unique per stream, so a reply stored under the wrong message shows. */
function replyText(n: number): string {
  let text = `s${n}:`;
  for (let i = 1; i < TOKENS; i++) text += `${i % 40 === 0 ? "\n\n" : " "}${VOCAB[(i + n) % VOCAB.length]}`;
  return text;
}

function lastUserText(request: RecordedRequest): string {
  const last = [...request.messages].reverse().find((m) => m.role === "user");
  const content = last?.content as string | { text?: string }[] | undefined;
  return typeof content === "string" ? content : (content ?? []).map((p) => p.text ?? "").join("");
}

interface StreamResult {
  n: number;
  path: PathName;
  status: number;
  conversationId: string;
  assistantId: string;
  /** From sending the request: response headers, first text, end of the response. */
  headersMs: number;
  firstTextMs: number;
  endMs: number;
  text: string;
  finished: boolean;
  /** The final status the stream reports (finish metadata on the browser path, the stored message on REST). */
  finalStatus: string;
  /** REST only: the stored reply the stream ends with. */
  storedInStream?: string;
  problems: string[];
}

/** Live counts across every stream, read by the sampler. */
const live = { inFlight: 0, streaming: 0 };

function decode(res: http.IncomingMessage): NodeJS.ReadableStream {
  const encoding = String(res.headers["content-encoding"] ?? "");
  if (encoding === "gzip") return res.pipe(zlib.createGunzip({ flush: zlib.constants.Z_SYNC_FLUSH }));
  if (encoding === "br") return res.pipe(zlib.createBrotliDecompress());
  if (encoding === "deflate") return res.pipe(zlib.createInflate({ flush: zlib.constants.Z_SYNC_FLUSH }));
  return res;
}

interface Chunk {
  type: string;
  delta?: string;
  messageId?: string;
  errorText?: string;
  messageMetadata?: { status?: string };
  data?: { id?: string; content?: string; status?: string };
}

/** POSTs, reads the UI message stream (SSE) as it arrives, and checks it against `expected`. */
function runStream(
  n: number,
  pathName: PathName,
  url: string,
  headers: Record<string, string>,
  body: string,
  expected: string,
  conversationId: string,
): Promise<StreamResult> {
  const result: StreamResult = {
    n,
    path: pathName,
    status: 0,
    conversationId,
    assistantId: "",
    headersMs: 0,
    firstTextMs: 0,
    endMs: 0,
    text: "",
    finished: false,
    finalStatus: "",
    problems: [],
  };
  return new Promise((resolve) => {
    const start = performance.now();
    live.inFlight++;
    let ended = false;
    const end = (problem?: string) => {
      if (ended) return;
      ended = true;
      if (problem) result.problems.push(problem);
      result.endMs = performance.now() - start;
      live.inFlight--;
      if (result.firstTextMs) live.streaming--;
      resolve(result);
    };
    const onChunk = (chunk: Chunk) => {
      if (chunk.type === "start" && chunk.messageId) result.assistantId ||= chunk.messageId;
      if (chunk.type === "text-delta") {
        if (!result.firstTextMs) {
          result.firstTextMs = performance.now() - start;
          live.streaming++;
        }
        result.text += chunk.delta ?? "";
      }
      if (chunk.type === "error") result.problems.push(`stream error: ${chunk.errorText}`);
      if (chunk.type === "finish") {
        result.finished = true;
        result.finalStatus = chunk.messageMetadata?.status ?? result.finalStatus;
      }
      if (chunk.type === "data-assistant_message") {
        result.storedInStream = chunk.data?.content;
        result.finalStatus = chunk.data?.status ?? "";
        result.assistantId ||= chunk.data?.id ?? "";
      }
    };
    const req = http.request(
      url,
      {
        method: "POST",
        agent,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          // What Chromium sends: a compressor that held chunks back would show in the timings.
          "accept-encoding": "gzip, deflate, br",
          ...headers,
        },
        timeout: STREAM_TIMEOUT_MS,
      },
      (res) => {
        result.status = res.statusCode ?? 0;
        result.headersMs = performance.now() - start;
        const assistantHeader = res.headers["x-message-id"];
        if (typeof assistantHeader === "string") result.assistantId = assistantHeader;
        const stream = decode(res);
        stream.setEncoding("utf8");
        let buffer = "";
        let raw = "";
        stream.on("data", (piece: string) => {
          if (result.status >= 300) {
            raw += piece;
            return;
          }
          buffer += piece;
          for (let cut = buffer.indexOf("\n\n"); cut >= 0; cut = buffer.indexOf("\n\n")) {
            const event = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            for (const line of event.split("\n")) {
              if (!line.startsWith("data: ")) continue;
              const payload = line.slice(6);
              if (payload === "[DONE]") continue;
              try {
                onChunk(JSON.parse(payload) as Chunk);
              } catch {
                result.problems.push(`unparsable event: ${payload.slice(0, 80)}`);
              }
            }
          }
        });
        stream.on("end", () => {
          if (result.status >= 300) return end(`HTTP ${result.status}: ${raw.slice(0, 200)}`);
          if (buffer.trim()) result.problems.push(`trailing bytes: ${buffer.slice(0, 80)}`);
          if (!result.finished) result.problems.push("the stream ended without finish");
          if (pathName !== "floor" && result.finalStatus !== "complete")
            result.problems.push(`final status ${result.finalStatus || "none"}`);
          if (result.text !== expected)
            result.problems.push(`streamed text differs (${diffAt(result.text, expected)})`);
          if (pathName === "rest" && result.storedInStream !== expected) {
            result.problems.push("the stored reply the REST stream ends with differs");
          }
          end();
        });
        stream.on("error", (error) => end(`response error: ${error.message}`));
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no progress for ${STREAM_TIMEOUT_MS} ms`)));
    req.on("error", (error) => end(`request error: ${error.message}`));
    req.end(body);
  });
}

function diffAt(actual: string, expected: string): string {
  let i = 0;
  while (i < actual.length && actual[i] === expected[i]) i++;
  return `${actual.length} of ${expected.length} chars, first difference at ${i}`;
}

/** Runs `fn` over `items` with at most `limit` at a time. */
async function pool<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i] as T);
      }
    }),
  );
  return results;
}

/** The bench-only floor route (app/api/bench-floor): the same reply with nothing of Parley's. */
function floorStream(base: string, n: number): Promise<StreamResult> {
  const body = JSON.stringify({ text: `stream ${n}` });
  return runStream(n, "floor", `${base}/api/bench-floor`, {}, body, replyText(n), "");
}

/** CPU time (user + system, every thread) a process has used, from /proc (Linux). */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after "(comm) ", in clock ticks (100 a second).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

interface MemorySample {
  at: number;
  inFlight: number;
  streaming: number;
  rssKiB: number;
  heapUsed: number | null;
  external: number | null;
}

interface BenchMemory {
  memory: { rss: number; heapUsed: number; heapTotal: number; external: number; arrayBuffers: number };
  lag: { mean: number; p99: number; max: number };
}

interface DialectRun {
  dialect: string;
  loadavg: number[];
  baseline: Record<ParleyPath, number[]>;
  results: StreamResult[];
  storedProblems: string[];
  totalMs: number;
  idle: MemorySample;
  peak: MemorySample;
  maxRss: MemorySample;
  after: MemorySample;
  lag: BenchMemory["lag"] | null;
  warnings: Map<string, number>;
  /** The server's CPU time (user + system) while the streams ran. */
  cpuSeconds: number;
  floor: {
    results: StreamResult[];
    totalMs: number;
    cpuSeconds: number;
    lag: BenchMemory["lag"] | null;
    loadavg: number[];
    peakStreaming: number;
  };
}

async function runDialect(
  dialect: string,
  databaseUrl: string,
  redisUrl: string | undefined,
  mockBaseURL: string,
): Promise<DialectRun> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "parley-bench-streams-"));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const serverEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl ?? "",
    // Its own keys in a Redis others may share.
    PARLEY_REDIS_PREFIX: `bench-streams-${Date.now().toString(36)}:`,
    PARLEY_DATA_DIR: dataDir,
    AUTH_SECRET: "bench-secret-bench-secret-bench-secret-0123",
    APP_URL: base,
    OPENAI_BASE_URL: mockBaseURL,
    OPENAI_API_KEY: "bench",
    PARLEY_MODELS: "bench-model",
    PARLEY_LOG_LEVEL: "warn",
    NEXT_DIST_DIR: DIST_DIR,
    PARLEY_BENCH_FLOOR: "1",
  };
  delete serverEnv.PARLEY_MESSAGES_PER_MINUTE;
  if (!redisUrl) delete serverEnv.REDIS_URL;
  console.log(`\n[${dialect}] starting the server as npm start does (node scripts/start.mjs) on ${base}…`);
  // gc() lets the idle and after samples measure live memory (it is only called by the bench-only route).
  const nodeArgs = ["--expose-gc", ...(process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean)];
  const server = spawn(process.execPath, [...nodeArgs, path.join(root, "scripts", "start.mjs")], {
    cwd: root,
    env: serverEnv,
    stdio: ["ignore", "inherit", "pipe"],
  });
  // The server's warnings and errors, by event (one JSON line each, lib/log.ts); anything else passes through.
  const warnings = new Map<string, number>();
  let pending = "";
  server.stderr?.setEncoding("utf8");
  server.stderr?.on("data", (piece: string) => {
    pending += piece;
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      let event: string | undefined;
      try {
        const parsed = JSON.parse(line) as { level?: string; event?: string };
        if (parsed.level) event = `${parsed.level} ${parsed.event}`;
      } catch {}
      if (event) warnings.set(event, (warnings.get(event) ?? 0) + 1);
      if (!event || (warnings.get(event) ?? 0) <= 3) process.stderr.write(`${line}\n`);
    }
  });
  try {
    await waitForHealth(base, server);
    const seed = spawnSync(process.execPath, [tsx, "--conditions=react-server", "bench/seed.ts", String(USERS + 1)], {
      cwd: root,
      env: serverEnv,
      encoding: "utf8",
    });
    if (seed.status !== 0) throw new Error(`seeding failed:\n${seed.stderr}`);
    const accounts = seed.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Account);
    for (const account of accounts) {
      // One retry: a kept-alive connection the fresh server closes can fail the very first exchange.
      account.cookie = await signIn(base, account.login, account.password).catch(() =>
        signIn(base, account.login, account.password),
      );
    }
    // The first account only measures the baseline (so every other one sends exactly its share).
    const [baselineAccount, ...users] = accounts as [Account, ...Account[]];

    const createConversation = async (account: Account) => {
      const response = await fetch(`${base}/api/v1/conversations`, {
        method: "POST",
        headers: { authorization: `Bearer ${account.apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({ title: "streams bench" }),
      });
      if (!response.ok) throw new Error(`creating a conversation failed: ${response.status} ${await response.text()}`);
      return ((await response.json()) as { id: string }).id;
    };
    const stream = (n: number, pathName: ParleyPath, account: Account, restConversation: string) => {
      const expected = replyText(n);
      if (pathName === "browser") {
        const conversationId = randomUUID();
        return runStream(
          n,
          pathName,
          `${base}/api/chat`,
          { cookie: account.cookie as string, origin: base, "sec-fetch-site": "same-origin" },
          JSON.stringify({
            conversationId,
            message: { id: randomUUID(), role: "user", parts: [{ type: "text", text: `stream ${n}` }] },
            parentId: null,
          }),
          expected,
          conversationId,
        );
      }
      return runStream(
        n,
        pathName,
        `${base}/api/v1/conversations/${restConversation}/messages`,
        { authorization: `Bearer ${account.apiKey}` },
        JSON.stringify({ content: `stream ${n}`, stream: true }),
        expected,
        restConversation,
      );
    };

    // Baseline (and warm-up): each path alone on the idle server, with the same reply.
    const baseline: Record<ParleyPath, number[]> = { browser: [], rest: [] };
    const baselineConversation = await createConversation(baselineAccount);
    for (let i = 0; i < BASELINE_ROUNDS; i++) {
      for (const pathName of ["browser", "rest"] as ParleyPath[]) {
        const result = await stream(STREAMS + i, pathName, baselineAccount, baselineConversation);
        if (result.problems.length) throw new Error(`baseline ${pathName}: ${result.problems.join("; ")}`);
        baseline[pathName].push(result.firstTextMs);
      }
    }

    const plan = Array.from({ length: STREAMS }, (_, n) => ({
      n,
      account: users[n % users.length] as Account,
      path: (Math.floor(n / users.length) % 2 === 0 ? "browser" : "rest") as ParleyPath,
      conversation: "",
    }));
    await pool(
      plan.filter((p) => p.path === "rest"),
      8,
      async (p) => {
        p.conversation = await createConversation(p.account);
      },
    );

    const memoryOf = async (query = ""): Promise<BenchMemory | null> => {
      try {
        const response = await fetch(`${base}/api/bench-memory${query}`);
        return response.ok ? ((await response.json()) as BenchMemory) : null;
      } catch {
        return null;
      }
    };
    const sample = async (at: number, query = ""): Promise<MemorySample & { lag?: BenchMemory["lag"] }> => {
      const counts = { inFlight: live.inFlight, streaming: live.streaming };
      const tree = treeRssKiB(server.pid as number);
      const bench = await memoryOf(query);
      return {
        at,
        ...counts,
        rssKiB: tree.rssKiB,
        heapUsed: bench?.memory.heapUsed ?? null,
        external: bench?.memory.external ?? null,
        lag: bench?.lag,
      };
    };

    /** Opens every stream of `runs` at once, sampling memory meanwhile; measures the server's CPU time. */
    const load = async (label: string, runs: (() => Promise<StreamResult>)[]) => {
      const samples: MemorySample[] = [];
      const cpuBefore = cpuSeconds(server.pid as number);
      const loadavg = os.loadavg();
      const start = performance.now();
      let running = true;
      const sampler = (async () => {
        while (running) {
          samples.push(await sample(performance.now() - start));
          await new Promise((r) => setTimeout(r, SAMPLE_MS));
        }
      })();
      console.log(`[${dialect}] ${label}: opening ${runs.length} streams at once…`);
      const results = await Promise.all(runs.map((run) => run()));
      const totalMs = performance.now() - start;
      running = false;
      await sampler;
      const cpu = cpuSeconds(server.pid as number) - cpuBefore;
      const lag = (await memoryOf("?reset=1"))?.lag ?? null;
      return { results, samples, totalMs, cpu, lag, loadavg };
    };

    await new Promise((r) => setTimeout(r, 2000));
    const idle = await sample(0, "?gc=1&reset=1");
    const parley = await load(
      `Parley (${users.length} accounts)`,
      plan.map((p) => () => stream(p.n, p.path, p.account, p.conversation)),
    );
    const { results, samples } = parley;

    // Every reply as stored, read back through the REST API.
    const storedProblems: string[] = [];
    const byConversation = new Map<string, { account: Account; results: StreamResult[] }>();
    for (const [i, result] of results.entries()) {
      const entry = byConversation.get(result.conversationId) ?? { account: plan[i]?.account as Account, results: [] };
      entry.results.push(result);
      byConversation.set(result.conversationId, entry);
    }
    await pool([...byConversation.entries()], 8, async ([conversationId, { account, results: inConversation }]) => {
      const response = await fetch(`${base}/api/v1/conversations/${conversationId}/messages?limit=100`, {
        headers: { authorization: `Bearer ${account.apiKey}` },
      });
      if (!response.ok) {
        storedProblems.push(`stream ${inConversation[0]?.n}: GET messages ${response.status}`);
        return;
      }
      const { data } = (await response.json()) as {
        data: { id: string; role: string; content: string; status: string; parts: { type: string; text?: string }[] }[];
      };
      for (const result of inConversation) {
        const expected = replyText(result.n);
        const stored = data.find((m) => m.id === result.assistantId);
        if (!stored) {
          storedProblems.push(`stream ${result.n}: no stored reply ${result.assistantId || "(no id)"}`);
          continue;
        }
        const partsText = stored.parts
          .filter((p) => p.type === "text")
          .map((p) => p.text)
          .join("");
        if (stored.content !== expected) {
          storedProblems.push(`stream ${result.n}: stored content differs (${diffAt(stored.content, expected)})`);
        }
        if (partsText !== expected) storedProblems.push(`stream ${result.n}: stored parts differ`);
        if (stored.status !== "complete") storedProblems.push(`stream ${result.n}: stored status ${stored.status}`);
      }
    });

    await new Promise((r) => setTimeout(r, 3000));
    const after = await sample(0, "?gc=1");
    // The floor under the same load: the same model streamed through a bare AI SDK route (no auth, no storage).
    const floor = await load(
      "floor (bare AI SDK route)",
      plan.map((p) => () => floorStream(base, p.n)),
    );
    const maxActive = Math.max(...samples.map((s) => s.streaming));
    const atPeak = samples.filter((s) => s.streaming === maxActive);
    const peak = atPeak.reduce((a, b) => (b.rssKiB > a.rssKiB ? b : a));
    const maxRss = samples.reduce((a, b) => (b.rssKiB > a.rssKiB ? b : a), idle);
    return {
      dialect,
      loadavg: parley.loadavg,
      baseline,
      results,
      storedProblems,
      totalMs: parley.totalMs,
      cpuSeconds: parley.cpu,
      idle,
      peak,
      maxRss,
      after,
      lag: parley.lag,
      warnings,
      floor: {
        results: floor.results,
        totalMs: floor.totalMs,
        cpuSeconds: floor.cpu,
        lag: floor.lag,
        loadavg: floor.loadavg,
        peakStreaming: Math.max(...floor.samples.map((x) => x.streaming)),
      },
    };
  } finally {
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const ms = (n: number) => `${n.toFixed(0)} ms`;
const mb = (kib: number) => `${(kib / 1024).toFixed(0)} MB`;
const mbBytes = (bytes: number | null) => (bytes === null ? "—" : `${(bytes / 1024 / 1024).toFixed(0)} MB`);
const kbBytes = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
const lagText = (lag: BenchMemory["lag"] | null) => (lag ? `${lag.mean} / ${lag.p99} / ${lag.max} ms` : "—");
const cpuText = (seconds: number, wallMs: number) =>
  `${seconds.toFixed(1)} s (${((seconds * 100_000) / wallMs).toFixed(0)}% of one core; ` +
  `${((seconds * 1e6) / (STREAMS * TOKENS)).toFixed(0)} µs per streamed token)`;

function report(run: DialectRun): string[] {
  const failures: string[] = [];
  const { results } = run;
  for (const r of results) for (const p of r.problems) failures.push(`stream ${r.n} (${r.path}): ${p}`);
  failures.push(...run.storedProblems);
  const ok = results.filter((r) => r.problems.length === 0);
  const streamedExact = results.filter((r) => r.text === replyText(r.n)).length;
  const ttft = (p?: PathName) => results.filter((r) => r.firstTextMs && (!p || r.path === p)).map((r) => r.firstTextMs);
  const mp = (xs: number[]) => (xs.length ? `${ms(median(xs))} [p95 ${ms(percentile(xs, 95))}]` : "—");
  const active = run.peak.streaming || 1;
  const perStreamRss = ((run.peak.rssKiB - run.idle.rssKiB) * 1024) / active;
  const perStreamHeap =
    run.peak.heapUsed !== null && run.idle.heapUsed !== null ? (run.peak.heapUsed - run.idle.heapUsed) / active : null;
  const floorFailed = run.floor.results.filter((r) => r.problems.length).length;
  const floorExact = run.floor.results.filter((r) => r.text === replyText(r.n)).length;
  const rows: [string, string][] = [
    ["load average when the streams opened", run.loadavg.map((l) => l.toFixed(2)).join(", ")],
    ["streams (browser / REST)", `${results.length} (${ttft("browser").length} / ${ttft("rest").length} got text)`],
    ["reply", `${TOKENS} tokens, ${TOKEN_MS} ms apart (${(replyText(0).length / 1024).toFixed(1)} KB of text)`],
    ["errors (any problem in a stream)", String(results.length - ok.length)],
    ["streamed text byte-exact", `${streamedExact} / ${results.length}`],
    [
      "stored replies byte-exact, complete",
      `${results.length - new Set(run.storedProblems.map((p) => p.split(":")[0])).size} / ${results.length}`,
    ],
    ["most streams active at once (text started, not ended)", String(run.peak.streaming)],
    ["total: first request sent → last stream ended", ms(run.totalMs)],
    ["stream duration (median)", ms(median(results.map((r) => r.endMs)))],
    ["first text, one stream alone: browser", mp(run.baseline.browser)],
    ["first text, one stream alone: REST", mp(run.baseline.rest)],
    ["first text under load: browser", mp(ttft("browser"))],
    ["first text under load: REST", mp(ttft("rest"))],
    ["first text under load: all", mp(ttft())],
    ["response headers under load: all", mp(results.map((r) => r.headersMs))],
    [
      "RSS idle / at peak / max / 3 s after",
      `${mb(run.idle.rssKiB)} / ${mb(run.peak.rssKiB)} / ${mb(run.maxRss.rssKiB)} / ${mb(run.after.rssKiB)}`,
    ],
    [
      "heap used idle / at peak / 3 s after",
      `${mbBytes(run.idle.heapUsed)} / ${mbBytes(run.peak.heapUsed)} / ${mbBytes(run.after.heapUsed)}`,
    ],
    ["memory per active stream: RSS (peak − idle) / active", kbBytes(perStreamRss)],
    ["memory per active stream: heap", perStreamHeap === null ? "—" : kbBytes(perStreamHeap)],
    ["event-loop lag during the load: mean / p99 / max", lagText(run.lag)],
    ["server CPU time during the load", cpuText(run.cpuSeconds, run.totalMs)],
    [
      "server warnings and errors",
      run.warnings.size ? [...run.warnings].map(([e, c]) => `${e} ×${c}`).join(", ") : "none",
    ],
    ["— floor: the same load on a bare AI SDK route (no auth, no storage) —", ""],
    ["load average when the floor's streams opened", run.floor.loadavg.map((l) => l.toFixed(2)).join(", ")],
    ["floor: errors / text byte-exact", `${floorFailed} / ${floorExact} of ${run.floor.results.length}`],
    ["floor: most streams active at once", String(run.floor.peakStreaming)],
    ["floor: total", ms(run.floor.totalMs)],
    ["floor: first text under load", mp(run.floor.results.filter((r) => r.firstTextMs).map((r) => r.firstTextMs))],
    ["floor: event-loop lag mean / p99 / max", lagText(run.floor.lag)],
    ["floor: server CPU time", cpuText(run.floor.cpuSeconds, run.floor.totalMs)],
  ];
  console.log(`\n== ${run.dialect}: ${STREAMS} concurrent streams ==`);
  for (const [label, value] of rows) console.log(`  ${label.padEnd(56)} ${value}`);
  return failures;
}

async function main() {
  const mock = await startMockServer();
  mock.setReply((request) => {
    const n = /stream (\d+)/.exec(lastUserText(request));
    return n ? { text: replyText(Number(n[1])), delayMs: TOKEN_MS } : { text: "unexpected prompt", delayMs: 1 };
  });
  if (STREAMS / USERS + 1 > MESSAGES_PER_MINUTE) {
    throw new Error(`${STREAMS / USERS} messages per account exceed the default limit: raise BENCH_USERS`);
  }
  const runs: DialectRun[] = [];
  const sqliteDir = mkdtempSync(path.join(os.tmpdir(), "parley-bench-streams-sqlite-"));
  try {
    if (process.env.BENCH_SKIP_SQLITE !== "1") {
      runs.push(await runDialect("SQLite", `file:${path.join(sqliteDir, "bench.db")}`, undefined, mock.baseURL));
    }
    const admin = process.env.TEST_DATABASE_URL_PG;
    if (admin && process.env.BENCH_SKIP_PG !== "1") {
      runs.push(
        await withPostgresDatabase(admin, (url) =>
          runDialect("PostgreSQL + Redis", url, process.env.TEST_REDIS_URL, mock.baseURL),
        ),
      );
    } else {
      console.log("\n(PostgreSQL skipped: set TEST_DATABASE_URL_PG and TEST_REDIS_URL)");
    }
  } finally {
    rmSync(sqliteDir, { recursive: true, force: true });
    await mock.close();
    agent.destroy();
  }
  const failures = runs.flatMap((run) => report(run).map((f) => `${run.dialect}: ${f}`));
  mkdirSync(path.join(root, "bench", "results"), { recursive: true });
  const file = path.join(root, "bench", "results", `streams-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      runs.map(({ results, warnings, floor, ...run }) => ({
        ...run,
        floor: { ...floor, results: undefined, firstTextMs: floor.results.map((r) => r.firstTextMs) },
        warnings: Object.fromEntries(warnings),
        firstTextMs: results.map((r) => r.firstTextMs),
        failures: results.filter((r) => r.problems.length).length,
      })),
      null,
      2,
    ),
  );
  console.log(`\n(summary written to ${path.relative(root, file)})`);
  if (failures.length) {
    console.error(`\nFAILED: ${failures.length} problem(s), by kind:`);
    const kinds = new Map<string, number>();
    for (const failure of failures) {
      const kind = failure
        .replace(/stream \d+/, "stream N")
        .replace(/[0-9a-f-]{36}/g, "…")
        .slice(0, 240);
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    for (const [kind, count] of kinds) console.error(`  ${count} × ${kind}`);
    process.exit(1);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
