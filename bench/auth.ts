// `npx tsx --conditions=react-server bench/auth.ts [N]`: argon2id parameters, hash time, and the login check's
// latency for an existing account (wrong password) vs an unknown one, on a throw-away SQLite database.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";

const N = Number(process.argv[2] ?? 30);
const dir = mkdtempSync(path.join(tmpdir(), "parley-bench-auth-"));
process.env.DATABASE_URL = `file:${path.join(dir, "bench.db")}`;
process.env.PARLEY_LOG_LEVEL = "silent";
delete process.env.REDIS_URL;

const { Migrator } = await import("../lib/db/migrate/migrator");
const migrator = await Migrator.open({ url: process.env.DATABASE_URL });
await migrator.deploy();
await migrator.close();

const { ARGON2_OPTIONS, hashPassword, verifyPassword } = await import("../lib/auth/password");
const { checkCredentials } = await import("../lib/auth/login");
const { createUser } = await import("../lib/db/users");
const { db } = await import("../lib/db/client");

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};

async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

console.log(
  `argon2id: memory ${ARGON2_OPTIONS.memoryCost} KiB, ${ARGON2_OPTIONS.timeCost} iterations, parallelism ${ARGON2_OPTIONS.parallelism}`,
);

const hashTimes: number[] = [];
let sample = "";
for (let i = 0; i < N; i++) hashTimes.push(await time(async () => (sample = await hashPassword(`password ${i}`))));
const verifyTimes: number[] = [];
for (let i = 0; i < N; i++) verifyTimes.push(await time(() => verifyPassword(sample, "wrong")));
console.log(`hash:   median ${median(hashTimes).toFixed(1)} ms over ${N}`);
console.log(`verify: median ${median(verifyTimes).toFixed(1)} ms over ${N}`);

await createUser({
  email: "bench@example.test",
  username: "bench",
  passwordHash: await hashPassword("right password"),
});
await checkCredentials({ login: "warm-up", password: "x", ip: "warm-up" });

const existing: number[] = [];
const unknown: number[] = [];
for (let i = 0; i < N; i++) {
  // Interleaved, and the failure counters cleared, so neither side hits the lockout's fast path.
  await db.rateLimit.deleteMany({});
  const runExisting = async () =>
    existing.push(await time(() => checkCredentials({ login: "bench", password: "wrong password", ip: `e${i}` })));
  const runUnknown = async () =>
    unknown.push(await time(() => checkCredentials({ login: "nobody", password: "wrong password", ip: `u${i}` })));
  // Alternate which goes first, so ordering effects (cache, WAL) do not favour one side.
  if (i % 2) await runExisting().then(runUnknown);
  else await runUnknown().then(runExisting);
}
const e = median(existing);
const u = median(unknown);
console.log(`login, existing account, wrong password: median ${e.toFixed(1)} ms over ${N}`);
console.log(`login, unknown account:                   median ${u.toFixed(1)} ms over ${N}`);
console.log(`ratio existing/unknown: ${(e / u).toFixed(3)}`);

await db.$disconnect();
rmSync(dir, { recursive: true, force: true });
