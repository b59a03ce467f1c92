// `npx tsx --conditions=react-server bench/uploads.ts [sqlite|postgresql]`: what a 20 MB upload costs — time to
// store it the way POST /api/v1/files does (multipart parse, type detection, text extraction, insert; not the
// authentication), to read it back for serving, and the process's memory (RSS) growth — on a scratch
// database (PostgreSQL from TEST_DATABASE_URL_PG). Each dialect runs in its own process so RSS is its own.
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";

const MB = 1024 * 1024;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

async function measure(url: string) {
  process.env.DATABASE_URL = url;
  process.env.PARLEY_LOG_LEVEL = "silent";
  delete process.env.REDIS_URL;
  const { Migrator } = await import("../lib/db/migrate/migrator");
  const migrator = await Migrator.open({ url });
  await migrator.deploy();
  await migrator.close();
  const { db } = await import("../lib/db/client");
  const { readUpload } = await import("../lib/attachments/upload");
  const { inspectFile } = await import("../lib/attachments/inspect");
  const { attachmentLimits } = await import("../lib/attachments/limits");
  const { createAttachment, getAttachmentContent } = await import("../lib/db/attachments");
  const user = await db.user.create({
    data: { email: `${randomUUID()}@bench.test`, username: `b${randomUUID().slice(0, 8)}`, passwordHash: "x" },
  });
  const limits = attachmentLimits();
  // What POST /api/v1/files does after authentication: read the multipart body, detect, extract, store.
  const upload = async (request: Request) => {
    const file = await readUpload(request, limits.maxFileBytes);
    const bytes = new Uint8Array(await file.arrayBuffer());
    const inspected = await inspectFile(bytes, file.name, { maxChars: limits.textChars, deadlineMs: limits.readMs });
    return createAttachment({ userId: user.id, name: file.name, data: bytes, ...inspected }, limits);
  };
  // A PNG header followed by 20 MB less a little: the type is read from the first bytes, the rest is stored.
  const png = Buffer.alloc(20 * MB - 1024, 7);
  Buffer.from("89504e470d0a1a0a0000000d49484452000010000000100008020000", "hex").copy(png);
  const text = Buffer.alloc(20 * MB - 1024, "lorem ipsum ");
  const results: Record<string, { uploadMs: number[]; serveMs: number[] }> = {};
  const rssStart = process.memoryUsage().rss;
  for (const [label, bytes, name] of [
    ["image", png, "big.png"],
    ["text", text, "big.txt"],
  ] as const) {
    const timings = { uploadMs: [] as number[], serveMs: [] as number[] };
    results[label] = timings;
    for (let i = 0; i < ROUNDS; i++) {
      const form = new FormData();
      form.set("file", new File([bytes], name));
      const request = new Request("http://bench.test/api/v1/files", { method: "POST", body: form });
      let start = performance.now();
      const stored = await upload(request);
      timings.uploadMs.push(performance.now() - start);
      start = performance.now();
      const row = await getAttachmentContent({ id: stored.id, userId: user.id });
      await new Response(new Uint8Array(row?.data ?? [])).arrayBuffer();
      timings.serveMs.push(performance.now() - start);
      await db.attachment.deleteMany({ where: { id: stored.id } });
    }
  }
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ results, rssStartMb: rssStart / MB, peakRssMb }));
  await db.$disconnect();
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

async function main() {
  const dialect = process.argv[2];
  if (dialect === "sqlite") {
    const dir = mkdtempSync(path.join(tmpdir(), "parley-bench-uploads-"));
    try {
      await measure(`file:${path.join(dir, "bench.db")}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return;
  }
  if (dialect === "postgresql") {
    const pg = (await import("pg")).default;
    const admin = process.env.TEST_DATABASE_URL_PG ?? "postgresql://postgres@127.0.0.1:5432/postgres";
    const name = `parley_bench_up_${Date.now().toString(36)}`;
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`CREATE DATABASE "${name}"`);
    try {
      const url = new URL(admin);
      url.pathname = `/${name}`;
      await measure(url.toString());
    } finally {
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    }
    return;
  }
  for (const which of ["sqlite", "postgresql"]) {
    const run = spawnSync(
      process.execPath,
      [path.join("node_modules", "tsx", "dist", "cli.mjs"), "--conditions=react-server", "bench/uploads.ts", which],
      {
        encoding: "utf8",
        env: process.env,
      },
    );
    if (run.status !== 0) {
      console.log(`${which}: failed\n${run.stderr.slice(-2000)}`);
      continue;
    }
    const r = JSON.parse(run.stdout.trim().split("\n").at(-1) ?? "{}");
    console.log(`== ${which} (${ROUNDS} rounds each, 20 MB) ==`);
    for (const [label, t] of Object.entries(r.results as Record<string, { uploadMs: number[]; serveMs: number[] }>)) {
      console.log(
        `  ${label}: upload median ${median(t.uploadMs).toFixed(0)} ms, serve median ${median(t.serveMs).toFixed(0)} ms`,
      );
    }
    console.log(`  RSS at start ${r.rssStartMb.toFixed(0)} MB, peak ${r.peakRssMb.toFixed(0)} MB`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
