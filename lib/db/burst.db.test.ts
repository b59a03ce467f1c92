// The database client under a burst of requests: waiting for a connection or a transaction is not an outage.
import { randomUUID } from "node:crypto";
import net from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { createClient } from "./client";
import { isDatabaseUnavailable } from "./unavailable";

// Read when each client below is created (the validated environment is re-read when variables change).
process.env.DATABASE_CONNECT_TIMEOUT_MS = "500";
process.env.DATABASE_STATEMENT_TIMEOUT_MS = "8000";

const onPostgres = process.env.PARLEY_TEST_DIALECT === "postgresql";
const clients: { $disconnect(): Promise<void> }[] = [];
afterAll(() => Promise.all(clients.map((c) => c.$disconnect())));

/** Holds the pool's only connection for `seconds` (Prisma queries start only when awaited: this starts it now). */
async function occupy(db: ReturnType<typeof client>, seconds: number) {
  const busy = db.$executeRaw`SELECT pg_sleep(${seconds})`.then(() => undefined);
  await new Promise((resolve) => setTimeout(resolve, 100));
  return { done: busy };
}

function client(url = process.env.DATABASE_URL as string) {
  const { db } = createClient(url, { poolSize: 1 });
  clients.push(db);
  return db;
}

describe.skipIf(!onPostgres)("the PostgreSQL pool under a burst", () => {
  it("queues a query behind a busy connection for longer than the connect timeout instead of failing", async () => {
    const db = client();
    const started = Date.now();
    const busy = await occupy(db, 1.2);
    const queued = db.$queryRaw<{ one: number }[]>`SELECT 1 AS one`;
    await expect(queued).resolves.toEqual([{ one: 1 }]);
    await busy.done;
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
  });

  it("starts a transaction that waited in line longer than Prisma's default 2 s", { timeout: 15_000 }, async () => {
    const db = client();
    const busy = await occupy(db, 2.5);
    const [one, two] = await db.$transaction([db.$queryRaw`SELECT 1 AS n`, db.$queryRaw`SELECT 2 AS n`]);
    expect([one, two]).toEqual([[{ n: 1 }], [{ n: 2 }]]);
    await busy.done;
  });

  it("still reports a database that does not answer within the connect timeout", async () => {
    // Accepts TCP connections and never speaks: what a hung or black-holed server looks like.
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const db = client(`postgresql://nobody@127.0.0.1:${port}/nothing`);
      const started = Date.now();
      const error = await db.$queryRaw`SELECT 1`.catch((e: unknown) => e);
      expect(isDatabaseUnavailable(error), String(error)).toBe(true);
      expect(Date.now() - started).toBeLessThan(2_500);
    } finally {
      silent.close();
    }
  });
});

// Both dialects: a transaction waits for the one before it on SQLite, for a pooled connection on PostgreSQL.
describe("transactions under a burst", () => {
  it("may run longer than Prisma's default 5 s (their round trips wait for a busy event loop)", {
    timeout: 20_000,
  }, async () => {
    const { db } = createClient(process.env.DATABASE_URL as string, { poolSize: 2 });
    clients.push(db);
    const user = await db.user.create({
      data: {
        email: `burst-${randomUUID()}@example.test`,
        username: `b${randomUUID().slice(0, 8)}`,
        passwordHash: "x",
      },
    });
    const renamed = `late${randomUUID().slice(0, 8)}`;
    const result = await db.$transaction(async (tx) => {
      await new Promise((resolve) => setTimeout(resolve, 5_500));
      return tx.user.update({ where: { id: user.id }, data: { username: renamed }, select: { username: true } });
    });
    // The write after the 5.5 s wait ran inside the transaction and was committed, not rolled back by a timeout.
    expect(result.username).toBe(renamed);
    expect((await db.user.findUnique({ where: { id: user.id } }))?.username).toBe(renamed);
  });
});
