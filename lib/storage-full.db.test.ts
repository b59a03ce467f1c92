import { afterAll, describe, expect, it } from "vitest";
import { apiUser, call } from "@/test/api";
import { db } from "./db/client";
import { checkHealth } from "./health";

// The SQLite database's disk is full. A real SQLITE_FULL, injected without root: `PRAGMA max_page_count` caps the
// file at its current size (the app's one connection), then filler rows use up the free space inside it.
const onSqlite = (process.env.PARLEY_TEST_DIALECT ?? "sqlite") === "sqlite";

async function fillTheDisk() {
  const [row] = await db.$queryRawUnsafe<{ page_count: number | bigint }[]>("PRAGMA page_count");
  await db.$queryRawUnsafe(`PRAGMA max_page_count = ${Number(row?.page_count)}`);
  // Big rows first, then small ones for the gaps they leave in the pages.
  for (const size of [1500, 200, 1]) {
    for (let i = 0; ; i++) {
      if (i > 10_000) throw new Error("the database never filled up");
      try {
        await db.$executeRawUnsafe(
          `INSERT INTO "RateLimit" ("key", "count", "resetAt", "createdAt", "updatedAt") VALUES (?, 0, ?, ?, ?)`,
          `filler:${i}:${size}:${"x".repeat(size)}`,
          new Date(Date.now() + 3_600_000),
          new Date(),
          new Date(),
        );
      } catch (error) {
        if (String(error).includes("full")) break;
        throw error;
      }
    }
  }
}

describe.skipIf(!onSqlite)("when the SQLite disk is full (Redis off)", () => {
  afterAll(async () => {
    await db.$queryRawUnsafe("PRAGMA max_page_count = 1073741823");
    await db.rateLimit.deleteMany({ where: { key: { startsWith: "filler:" } } });
  });

  it("keeps answering reads, refuses writes with a clear code, and health says so", async () => {
    delete process.env.REDIS_URL;
    const alice = await apiUser();
    const conversation = (await call("POST", "/conversations", { key: alice.key, body: { title: "Before" } })).json;
    // A caller whose first request comes after the disk filled up: its rate-limit counter is a new row.
    const bob = await apiUser();
    await fillTheDisk();

    for (const who of [alice, bob]) {
      const list = await call("GET", "/conversations", { key: who.key });
      expect(list.status).toBe(200);
    }
    expect((await call("GET", `/conversations/${conversation.id}`, { key: alice.key })).json).toMatchObject({
      title: "Before",
    });

    const write = await call("POST", "/conversations", {
      key: bob.key,
      body: { title: "After", system_prompt: "Be brief. ".repeat(500) },
    });
    expect(write.status).toBe(503);
    expect(Number(write.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(write.json.error).toMatchObject({
      code: "unavailable:storage_full",
      message: expect.stringMatching(/full/),
    });

    const health = await checkHealth();
    expect(health).toMatchObject({ status: "degraded", down: ["database"], checks: { database: { status: "full" } } });

    await db.$queryRawUnsafe("PRAGMA max_page_count = 1073741823");
    expect((await checkHealth()).checks.database.status).toBe("up");
  });
});
