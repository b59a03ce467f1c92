import { describe, expect, it } from "vitest";
import { db, dialect } from "./client";

async function createUser(email: string) {
  return db.user.create({ data: { email, username: email.split("@")[0]!, passwordHash: "x" } });
}

describe("transactions and concurrent writes", () => {
  it("keeps a concurrent request's write when another request's transaction rolls back", async () => {
    const tag = Math.random().toString(36).slice(2, 8);
    const rolledBack = db
      .$transaction(async (tx) => {
        await tx.user.create({ data: { email: `in-tx-${tag}@x.test`, username: `intx${tag}`, passwordHash: "x" } });
        await new Promise((resolve) => setTimeout(resolve, 150));
        throw new Error("rollback on purpose");
      })
      .catch((error: Error) => error.message);

    await new Promise((resolve) => setTimeout(resolve, 20));
    // Several writes and a read from "other requests" while the transaction is open.
    const outside = await Promise.all([
      createUser(`outside1-${tag}@x.test`),
      createUser(`outside2-${tag}@x.test`),
      db.user.count({ where: { email: `in-tx-${tag}@x.test` } }),
    ]);

    expect(await rolledBack).toBe("rollback on purpose");
    // The read must not have seen the uncommitted row.
    expect(outside[2]).toBe(0);
    const emails = (await db.user.findMany({ where: { email: { contains: tag } } })).map((u) => u.email).sort();
    expect(emails).toEqual([`outside1-${tag}@x.test`, `outside2-${tag}@x.test`]);
  });

  it("keeps writes issued in the same tick as a transaction that rolls back", async () => {
    for (let round = 0; round < 20; round++) {
      const tag = Math.random().toString(36).slice(2, 8);
      const rolledBack = db
        .$transaction(async (tx) => {
          await tx.user.create({ data: { email: `tx-${tag}@x.test`, username: `tx${tag}`, passwordHash: "x" } });
          throw new Error("rollback on purpose");
        })
        .catch(() => "rolled back");
      const outside = Array.from({ length: 3 }, (_, i) => createUser(`same-tick${i}-${tag}@x.test`));
      await Promise.all([rolledBack, ...outside]);
      expect(await db.user.count({ where: { email: { contains: tag } } })).toBe(3);
    }
  });

  it("commits a transaction's writes atomically with concurrent writers", async () => {
    const tag = Math.random().toString(36).slice(2, 8);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        i % 2
          ? db.$transaction(async (tx) => {
              const u = await tx.user.create({
                data: { email: `tx${i}-${tag}@x.test`, username: `tx${i}${tag}`, passwordHash: "x" },
              });
              return u.id;
            })
          : createUser(`w${i}-${tag}@x.test`).then((u) => u.id),
      ),
    );
    expect(new Set(results).size).toBe(10);
    expect(await db.user.count({ where: { email: { contains: tag } } })).toBe(10);
  });

  it("runs on the dialect the suite asked for", () => {
    expect(dialect).toBe(process.env.PARLEY_TEST_DIALECT);
  });
});
