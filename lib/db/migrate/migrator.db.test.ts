import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { pgConfig } from "../dialect";
import { syncPostgresSchema } from "./layout";
import { createMigrationForBothDialects, Migrator } from "./migrator";
import { withScratchPgDatabase } from "./scratch-pg";

const dialect = process.env.PARLEY_TEST_DIALECT === "postgresql" ? "postgresql" : "sqlite";
const projectRoot = path.resolve(import.meta.dirname, "../../..");
const scratchDirs: string[] = [];

afterAll(() => {
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
});

function scratchDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "parley-migrate-test-"));
  scratchDirs.push(dir);
  return dir;
}

/** A copy of the project's prisma/ folder that a test may change. */
function scratchProject(): string {
  const root = scratchDir();
  cpSync(path.join(projectRoot, "prisma"), path.join(root, "prisma"), { recursive: true });
  return root;
}

/** Runs `fn` with the URL of an empty database of the suite's dialect. */
async function withEmptyDatabase<T>(fn: (url: string) => Promise<T>): Promise<T> {
  if (dialect === "postgresql") return withScratchPgDatabase(process.env.TEST_DATABASE_URL_PG!, fn);
  return fn(`file:${path.join(scratchDir(), "empty.db")}`);
}

async function withMigrator<T>(url: string, root: string, fn: (m: Migrator) => Promise<T>): Promise<T> {
  const migrator = await Migrator.open({ url, root });
  try {
    return await fn(migrator);
  } finally {
    await migrator.close();
  }
}

async function query(url: string, sql: string): Promise<Record<string, unknown>[]> {
  if (dialect === "postgresql") {
    const client = new pg.Client(pgConfig(url));
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  }
  const Database = (await import("better-sqlite3")).default;
  const db = new Database(url.replace(/^file:/, ""));
  try {
    const statement = db.prepare(sql);
    if (statement.reader) return statement.all() as Record<string, unknown>[];
    statement.run();
    return [];
  } finally {
    db.close();
  }
}

const migrationsDir = (root: string) =>
  dialect === "sqlite"
    ? path.join(root, "prisma", "migrations")
    : path.join(root, "prisma", "postgresql", "migrations");

describe(`migrations on ${dialect}`, () => {
  it("migrates an empty database to exactly the schema: no drift", async () => {
    await withEmptyDatabase(async (url) => {
      await withMigrator(url, projectRoot, async (m) => {
        const applied = await m.deploy();
        expect(applied.length).toBeGreaterThan(0);
        expect(await m.deploy()).toEqual([]);
        const status = await m.status();
        expect(status.failedMigrationNames).toEqual([]);
        expect(status.history?.unappliedMigrationNames ?? []).toEqual([]);
      });
      // The committed migrations, replayed, produce exactly what schema.prisma describes.
      await withMigrator(url, projectRoot, async (m) => expect(await m.drift()).toBe(""));
    });
  });

  it("writes _prisma_migrations rows as Prisma does (sha256 checksum, finished, step count)", async () => {
    await withEmptyDatabase(async (url) => {
      await withMigrator(url, projectRoot, (m) => m.deploy());
      const rows = await query(
        url,
        `SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations"`,
      );
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        const sql = readFileSync(path.join(migrationsDir(projectRoot), String(row.migration_name), "migration.sql"));
        expect(row.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
        expect(row.finished_at).not.toBeNull();
        expect(Number(row.applied_steps_count)).toBe(1);
      }
    });
  });

  it("forgets the email address in audit records of deleted and rejected accounts written before", async () => {
    const forget = "20261127094500_audit_forget_deleted_emails";
    const root = scratchProject();
    const held = path.join(scratchDir(), forget);
    cpSync(path.join(migrationsDir(root), forget), held, { recursive: true });
    rmSync(path.join(migrationsDir(root), forget), { recursive: true });
    await withEmptyDatabase(async (url) => {
      await withMigrator(url, root, (m) => m.deploy());
      const details = (d: object) => `'${JSON.stringify(d)}'`;
      for (const [action, d] of [
        ["admin.user_deleted", { username: "gone", email: "gone@example.test" }],
        ["admin.user_rejected", { username: "nope", email: "nope@example.test" }],
        ["admin.role_created", { name: "email", email: "kept@example.test" }],
      ] as const) {
        await query(url, `INSERT INTO "AuditEvent" ("action", "details") VALUES ('${action}', ${details(d)})`);
      }
      cpSync(held, path.join(migrationsDir(root), forget), { recursive: true });
      await withMigrator(url, root, async (m) => expect(await m.deploy()).toEqual([forget]));
      const rows = await query(url, `SELECT "action", "details" FROM "AuditEvent" ORDER BY "id"`);
      const parsed = rows.map((r) => [r.action, typeof r.details === "string" ? JSON.parse(r.details) : r.details]);
      expect(parsed).toEqual([
        ["admin.user_deleted", { username: "gone" }],
        ["admin.user_rejected", { username: "nope" }],
        ["admin.role_created", { name: "email", email: "kept@example.test" }],
      ]);
    });
  });

  it("reports drift when the schema changes without a migration", async () => {
    const root = scratchProject();
    const schemaPath = path.join(root, "prisma", "schema.prisma");
    const schema = readFileSync(schemaPath, "utf8").replace(
      "  bio             String?",
      "  bio             String?\n  nickname        String?",
    );
    writeFileSync(schemaPath, schema);
    await syncPostgresSchema(root);
    await withEmptyDatabase(async (url) => {
      const drift = await withMigrator(url, root, (m) => m.drift());
      expect(drift).toContain("nickname");
    });
  });

  // Creating a migration needs PostgreSQL (its shadow database) and covers both dialects: defined once, in the PostgreSQL run.
  const itWithPostgres = dialect === "postgresql" ? it : () => {};
  itWithPostgres(
    "`db:migration` writes the next migration for both dialects, under one name, that removes the drift",
    async () => {
      const root = scratchProject();
      const schemaPath = path.join(root, "prisma", "schema.prisma");
      const schema = readFileSync(schemaPath, "utf8").replace(
        "  bio             String?",
        "  bio             String?\n  nickname        String?",
      );
      writeFileSync(schemaPath, schema);
      const created = await createMigrationForBothDialects({
        name: "add_nickname",
        pgUrl: process.env.TEST_DATABASE_URL_PG!,
        root,
      });
      expect(created.sqlite).toMatch(/^\d{14}_add_nickname$/);
      expect(created.postgresql).toBe(created.sqlite);
      expect(readFileSync(path.join(root, "prisma", "postgresql", "schema.prisma"), "utf8")).toContain("nickname");
      for (const dir of [
        path.join(root, "prisma", "migrations"),
        path.join(root, "prisma", "postgresql", "migrations"),
      ]) {
        expect(readFileSync(path.join(dir, created.sqlite!, "migration.sql"), "utf8")).toContain("nickname");
      }
      await withEmptyDatabase(async (url) => {
        await withMigrator(url, root, async (m) => {
          expect(await m.deploy()).toContain(created.sqlite);
        });
        await withMigrator(url, root, async (m) => expect(await m.drift()).toBe(""));
      });
      // Nothing changed since: a second run creates nothing.
      expect(
        await createMigrationForBothDialects({ name: "again", pgUrl: process.env.TEST_DATABASE_URL_PG!, root }),
      ).toEqual({
        sqlite: null,
        postgresql: null,
      });
    },
  );

  it("records a failed migration, applies nothing of it, and refuses to run past it", async () => {
    const root = scratchProject();
    const broken = path.join(migrationsDir(root), "99990101000000_broken");
    mkdirSync(broken);
    writeFileSync(
      path.join(broken, "migration.sql"),
      'CREATE TABLE "half_applied" ("id" INTEGER);\nINSERT INTO "no_such_table" VALUES (1);\n',
    );
    await withEmptyDatabase(async (url) => {
      await withMigrator(url, root, async (m) => {
        await expect(m.deploy()).rejects.toMatchObject({ code: "P3018" });
      });
      const rows = await query(
        url,
        `SELECT migration_name, finished_at FROM "_prisma_migrations" WHERE migration_name = '99990101000000_broken'`,
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]?.finished_at).toBeNull();
      if (dialect === "postgresql") {
        // The whole script ran as one implicit transaction: nothing of it remains.
        const tables = await query(url, `SELECT tablename FROM pg_tables WHERE tablename = 'half_applied'`);
        expect(tables).toEqual([]);
      }
      await withMigrator(url, root, async (m) => {
        await expect(m.deploy()).rejects.toMatchObject({
          code: "P3009",
          message: expect.stringContaining("99990101000000_broken"),
        });
      });
    });
  });

  it("reset drops everything and re-applies the migrations", async () => {
    await withEmptyDatabase(async (url) => {
      await withMigrator(url, projectRoot, (m) => m.deploy());
      const id = "00000000-0000-4000-8000-000000000001";
      await query(url, `INSERT INTO "Role" ("id", "name", "updatedAt") VALUES ('${id}', 'temp', CURRENT_TIMESTAMP)`);
      await withMigrator(url, projectRoot, (m) => m.reset());
      expect(await query(url, `SELECT "id" FROM "Role"`)).toEqual([]);
    });
  });
});
