// `npx tsx --conditions=react-server bench/import.ts [conversations] [messages each]`: imports a generated
// ChatGPT export (default 5,000 conversations × 20 messages, about 100 MB) into a throw-away SQLite database
// and prints the time of each pass and the peak memory. Set DATABASE_URL to a PostgreSQL database to measure
// that instead (it must exist; the migrations are applied).
import { createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Readable } from "node:stream";

const CONVERSATIONS = Number(process.argv[2] ?? 5000);
const MESSAGES = Number(process.argv[3] ?? 20);
const dir = mkdtempSync(path.join(tmpdir(), "parley-bench-import-"));
process.env.DATABASE_URL ??= `file:${path.join(dir, "bench.db")}`;
process.env.PARLEY_LOG_LEVEL = "silent";
delete process.env.REDIS_URL;

const { Migrator } = await import("../lib/db/migrate/migrator");
const migrator = await Migrator.open({ url: process.env.DATABASE_URL });
await migrator.deploy();
await migrator.close();

const { prepareImport } = await import("../lib/import/run");
const { db } = await import("../lib/db/client");

const filler = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(16);

/** One conversation as ChatGPT writes it: a root, a hidden system node, then alternating user/assistant. */
function conversation(i: number): string {
  const t0 = 1_700_000_000 + i * 3600;
  const mapping: Record<string, unknown> = {
    root: { id: "root", message: null, parent: null, children: ["sys"] },
    sys: {
      id: "sys",
      message: {
        author: { role: "system" },
        content: { content_type: "text", parts: [""] },
        metadata: { is_visually_hidden_from_conversation: true },
      },
      parent: "root",
      children: ["m0"],
    },
  };
  for (let m = 0; m < MESSAGES; m++) {
    mapping[`m${m}`] = {
      id: `m${m}`,
      message: {
        author: { role: m % 2 ? "assistant" : "user" },
        create_time: t0 + m * 10,
        content: { content_type: "text", parts: [`${m}: ${filler}`] },
        metadata: { model_slug: "gpt-4o" },
      },
      parent: m ? `m${m - 1}` : "sys",
      children: m + 1 < MESSAGES ? [`m${m + 1}`] : [],
    };
  }
  return JSON.stringify({
    title: `Conversation ${i}`,
    create_time: t0,
    update_time: t0 + MESSAGES * 10,
    mapping,
    current_node: `m${MESSAGES - 1}`,
    conversation_id: `bench-${i}`,
  });
}

const file = path.join(dir, "conversations.json");
const out = createWriteStream(file);
out.write("[");
for (let i = 0; i < CONVERSATIONS; i++) {
  if (!out.write(`${i ? "," : ""}${conversation(i)}`)) await new Promise<void>((r) => out.once("drain", () => r()));
}
out.end("]");
await new Promise<void>((r) => out.on("finish", () => r()));
const bytes = statSync(file).size;

let peak = 0;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 20);
const baseline = process.memoryUsage().rss;
const user = await db.user.create({ data: { email: "bench@example.test", username: "bench", passwordHash: "x" } });

const body = () =>
  Readable.toWeb(
    Readable.from(
      (async function* () {
        const { createReadStream } = await import("node:fs");
        yield* createReadStream(file);
      })(),
    ),
  ) as ReadableStream<Uint8Array>;

let start = performance.now();
const prepared = await prepareImport({ userId: user.id, body: body(), maxBytes: 1024 * 1024 * 1024 });
const checkMs = performance.now() - start;
start = performance.now();
const result = await prepared.run();
const storeMs = performance.now() - start;
await prepared.dispose();
start = performance.now();
const again = await prepareImport({ userId: user.id, body: body(), maxBytes: 1024 * 1024 * 1024 });
const againResult = await again.run();
await again.dispose();
const againMs = performance.now() - start;
clearInterval(sampler);

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
console.log(
  `file: ${mb(bytes)}, ${CONVERSATIONS} conversations × ${MESSAGES} messages (${process.env.DATABASE_URL.split(":")[0]})`,
);
console.log(`upload + check: ${(checkMs / 1000).toFixed(1)} s; store: ${(storeMs / 1000).toFixed(1)} s`);
console.log(`imported ${result.imported}, skipped ${result.skipped}, failed ${result.failed}`);
console.log(
  `again: ${(againMs / 1000).toFixed(1)} s, imported ${againResult.imported}, skipped ${againResult.skipped}`,
);
console.log(`memory: baseline RSS ${mb(baseline)}, peak RSS ${mb(peak)}`);
await db.$disconnect();
rmSync(dir, { recursive: true, force: true });
