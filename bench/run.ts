// `npm run bench`: chat benchmarks on a scratch SQLite database, and on PostgreSQL when TEST_DATABASE_URL_PG
// is set. Prints numbers and ratios; these are measurements, not pass/fail tests.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { Migrator } from "../lib/db/migrate/migrator";

const root = path.resolve(import.meta.dirname, "..");
const tsx = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");

interface Results {
  ttft: Record<string, number>;
  ttftLoaded: Record<string, number>;
  thread: { small: number; medium: number; large: number; largeP95: number };
  sidebar: { small: number; large: number; largeP95: number };
  load: {
    streams: number;
    errors: number;
    complete: number;
    seconds: number;
    firstTokenMedian: number;
    firstTokenP95: number;
  };
}

async function migrate(url: string) {
  const migrator = await Migrator.open({ url });
  try {
    await migrator.deploy();
  } finally {
    await migrator.close();
  }
}

function runSuite(url: string): Results {
  const result = spawnSync(process.execPath, [tsx, "--conditions=react-server", "bench/suite.ts"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url, PARLEY_LOG_LEVEL: "silent", REDIS_URL: "" },
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`bench suite failed:\n${result.stderr}`);
  const line = result.stdout.trim().split("\n").at(-1) ?? "";
  return JSON.parse(line) as Results;
}

const ms = (n: number) => `${n.toFixed(2)} ms`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;

function print(dialect: string, r: Results) {
  console.log(`\n== ${dialect} ==`);
  const ttftLine = (label: string, t: Record<string, number>) => {
    console.log(
      `Time to first token, ${label} (${t.rounds} rounds): model server direct median ${ms(t.directMedian!)} p95 ${ms(t.directP95!)};` +
        ` through Parley median ${ms(t.parleyMedian!)} p95 ${ms(t.parleyP95!)}`,
    );
    console.log(
      `  Parley's added time: median ${ms(t.addedMedian!)}, p95 ${ms(t.addedP95!)} (target: median < 5 ms)` +
        ` ratio ${ratio(t.parleyMedian!, t.directMedian!)}`,
    );
  };
  ttftLine("empty database", r.ttft);
  ttftLine("database with 10,000+ messages", r.ttftLoaded);
  console.log(
    `Conversation page (newest 50): 10 messages ${ms(r.thread.small)}, 10,000 messages ${ms(r.thread.large)}` +
      ` (p95 ${ms(r.thread.largeP95)}) ratio ${ratio(r.thread.large, r.thread.small)};` +
      ` same 50-message page from 100 messages ${ms(r.thread.medium)}, ratio 10,000/100 ${ratio(r.thread.large, r.thread.medium)}`,
  );
  console.log(
    `Sidebar first page (50): 10 conversations ${ms(r.sidebar.small)}, 10,000 conversations ${ms(r.sidebar.large)}` +
      ` (p95 ${ms(r.sidebar.largeP95)}) ratio ${ratio(r.sidebar.large, r.sidebar.small)}`,
  );
  console.log(
    `${r.load.streams} concurrent streams: ${r.load.errors} errors, ${r.load.complete}/${r.load.streams} replies complete` +
      ` and stored, ${r.load.seconds.toFixed(2)} s total, first token median ${ms(r.load.firstTokenMedian)} p95 ${ms(r.load.firstTokenP95)}`,
  );
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "parley-bench-"));
  try {
    const sqliteUrl = `file:${path.join(dir, "bench.db")}`;
    await migrate(sqliteUrl);
    print("SQLite", runSuite(sqliteUrl));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const admin = process.env.TEST_DATABASE_URL_PG;
  if (!admin) {
    console.log("\n(PostgreSQL skipped: set TEST_DATABASE_URL_PG, e.g. postgresql://postgres@127.0.0.1:5432/postgres)");
    return;
  }
  const name = `parley_bench_${Date.now().toString(36)}`;
  const adminClient = new pg.Client({ connectionString: admin });
  await adminClient.connect();
  await adminClient.query(`CREATE DATABASE "${name}"`);
  try {
    const url = new URL(admin);
    url.pathname = `/${name}`;
    await migrate(url.toString());
    print("PostgreSQL", runSuite(url.toString()));
  } finally {
    await adminClient.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await adminClient.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
