// Offline equivalents of `prisma migrate deploy | status | reset | dev --create-only | diff`,
// writing `_prisma_migrations` exactly as Prisma does, so a deployment can switch to the official CLI.

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { type Dialect, dialectOf } from "../dialect";
import { migrationAdapterFactory } from "./adapters";
import { type MigrationDiagnosis, type OpenedEngine, openSchemaEngine } from "./engine";
import {
  type DialectLayout,
  layoutFor,
  listMigrations,
  readSchemaFiles,
  syncPostgresSchema,
  writeMigration,
} from "./layout";
import { withScratchPgDatabase } from "./scratch-pg";

// SQLite's full-text index of project passages (an FTS5 virtual table and the tables FTS5 keeps for it) is made
// by raw SQL in its migration: Prisma's schema cannot describe it, so the engine is told to leave it alone.
const FTS_TABLES = ["PassageFts", "PassageFts_config", "PassageFts_data", "PassageFts_docsize", "PassageFts_idx"];
// (PostgreSQL's engine wants schema-qualified names here, and has no such tables: its index is an expression index.)
const filtersFor = (dialect: Dialect) => ({
  externalTables: dialect === "sqlite" ? FTS_TABLES : [],
  externalEnums: [],
});

// The DDL the schema engine itself uses for SQLite; the wasm engine does not create it on an empty database.
const SQLITE_MIGRATIONS_TABLE = `CREATE TABLE "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
);
`;

export class MigrationError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface MigratorOptions {
  url: string;
  root?: string;
  log?: (line: string) => void;
}

export class Migrator {
  // Once the engine has connected, its SQLite connection holds an exclusive lock: check the table only before.
  private sqliteMigrationsTableReady = false;

  private constructor(
    readonly dialect: Dialect,
    private readonly layout: DialectLayout,
    private readonly factory: SqlMigrationAwareDriverAdapterFactory,
    private readonly opened: OpenedEngine,
  ) {}

  static async open({ url, root = process.cwd(), log }: MigratorOptions): Promise<Migrator> {
    const dialect = dialectOf(url);
    const layout = layoutFor(dialect, root);
    const factory = migrationAdapterFactory(dialect, url);
    const opened = await openSchemaEngine(await readSchemaFiles(layout), factory, log);
    return new Migrator(dialect, layout, factory, opened);
  }

  private get engine() {
    return this.opened.engine;
  }

  private migrationsList() {
    return listMigrations(this.layout.migrationsDir);
  }

  /** `prisma migrate deploy`: applies pending migrations; refuses to run past a failed one. */
  async deploy(): Promise<string[]> {
    await this.ensureSqliteMigrationsTable();
    const migrationsList = await this.migrationsList();
    const diagnosis = await this.engine.diagnoseMigrationHistory({
      migrationsList,
      optInToShadowDatabase: false,
      filters: filtersFor(this.dialect),
    });
    if (diagnosis.failedMigrationNames.length) {
      throw new MigrationError(
        "P3009",
        `A migration failed earlier and was not finished: ${diagnosis.failedMigrationNames.join(", ")}. ` +
          "Fix the database by hand, then mark it rolled back (delete its row in _prisma_migrations) and run `npm run db:migrate` again.",
      );
    }
    try {
      const { appliedMigrationNames } = await this.engine.applyMigrations({
        migrationsList,
        filters: filtersFor(this.dialect),
      });
      return appliedMigrationNames;
    } catch (error) {
      throw new MigrationError("P3018", `A migration failed to apply and was recorded as failed: ${messageOf(error)}`);
    }
  }

  /** `prisma migrate status`. */
  async status(): Promise<MigrationDiagnosis> {
    const migrationsList = await this.migrationsList();
    if (!(await this.hasSqliteMigrationsTable())) {
      return {
        hasMigrationsTable: false,
        failedMigrationNames: [],
        editedMigrationNames: [],
        history: {
          diagnostic: "databaseIsBehind",
          unappliedMigrationNames: migrationsList.migrationDirectories.map((d) => d.path),
        },
      };
    }
    return this.engine.diagnoseMigrationHistory({
      migrationsList,
      optInToShadowDatabase: false,
      filters: filtersFor(this.dialect),
    });
  }

  /** `prisma migrate reset` without seeding: drops everything, then applies every migration. */
  async reset(): Promise<string[]> {
    if (this.dialect === "sqlite") {
      // The wasm engine's SQLite reset only deletes rows and keeps the tables.
      const conn = await this.factory.connect();
      try {
        const objects = await conn.queryRaw({
          sql: "SELECT type, name FROM sqlite_master WHERE type IN ('table','view') AND name NOT LIKE 'sqlite_%'",
          args: [],
          argTypes: [],
        });
        const drops = objects.rows.map(
          ([type, name]) => `DROP ${String(type).toUpperCase()} IF EXISTS "${String(name).replaceAll('"', '""')}";`,
        );
        if (drops.length)
          await conn.executeScript(`PRAGMA foreign_keys=OFF;\n${drops.join("\n")}\nPRAGMA foreign_keys=ON;`);
      } finally {
        await conn.dispose();
      }
    } else {
      await this.engine.reset({ filter: filtersFor(this.dialect) });
    }
    return this.deploy();
  }

  /** The SQL that would bring the committed migrations to the schema; empty when there is no drift. */
  async drift(): Promise<string> {
    const script = await this.diffMigrationsToSchema();
    return isEmptyMigration(script) ? "" : script.trim();
  }

  /**
   * Writes the next migration: the committed migrations replayed on a shadow database, diffed against the
   * schema (`prisma migrate diff --from-migrations --to-schema --script`, which is what `migrate dev` writes).
   * The wasm engine's own `createMigration` cannot reach its shadow database once another command used it.
   */
  async createMigration(name: string, folderName?: string): Promise<string | null> {
    const script = await this.diffMigrationsToSchema();
    if (isEmptyMigration(script)) return null;
    const folder = folderName ?? `${migrationTimestamp()}_${name}`;
    await writeMigration(this.layout.migrationsDir, folder, script, this.dialect);
    return folder;
  }

  private async diffMigrationsToSchema(): Promise<string> {
    await this.ensureSqliteMigrationsTable();
    await this.prepareShadowDatabase();
    const result = await this.engine.diff({
      from: { tag: "migrations", ...(await this.migrationsList()) },
      to: { tag: "schemaDatamodel", files: await this.schemaFiles() },
      script: true,
      exitCode: true,
      filters: filtersFor(this.dialect),
    });
    return result.stdout;
  }

  async close(): Promise<void> {
    await this.opened.close();
  }

  /** The wasm engine only wires up its shadow-database factory during `devDiagnostic`. */
  private async prepareShadowDatabase() {
    await this.engine.devDiagnostic({ migrationsList: await this.migrationsList(), filters: filtersFor(this.dialect) });
  }

  private async schemaFiles() {
    return (await readSchemaFiles(this.layout)).map(([p, content]) => ({ path: p, content }));
  }

  private async hasSqliteMigrationsTable(): Promise<boolean> {
    if (this.dialect !== "sqlite" || this.sqliteMigrationsTableReady) return true;
    const conn = await this.factory.connect();
    try {
      const r = await conn.queryRaw({
        sql: "SELECT name FROM sqlite_master WHERE type='table' AND name='_prisma_migrations'",
        args: [],
        argTypes: [],
      });
      this.sqliteMigrationsTableReady = r.rows.length > 0;
      return this.sqliteMigrationsTableReady;
    } finally {
      await conn.dispose();
    }
  }

  private async ensureSqliteMigrationsTable(): Promise<void> {
    if (await this.hasSqliteMigrationsTable()) return;
    const conn = await this.factory.connect();
    try {
      const tables = await conn.queryRaw({
        sql: "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'",
        args: [],
        argTypes: [],
      });
      if (tables.rows.length) {
        throw new MigrationError(
          "P3005",
          "The database is not empty and has no migration history; refusing to migrate it.",
        );
      }
      await conn.executeScript(SQLITE_MIGRATIONS_TABLE);
      this.sqliteMigrationsTableReady = true;
    } finally {
      await conn.dispose();
    }
  }
}

function isEmptyMigration(script: string): boolean {
  return script.replace(/^-- This is an empty migration\.\s*$/m, "").trim() === "";
}

/** Prisma's migration folder prefix: the UTC time as YYYYMMDDHHMMSS. */
function migrationTimestamp(now = new Date()): string {
  return now.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Creates the next migration for both dialects under one folder name. PostgreSQL needs a server for its shadow database. */
export async function createMigrationForBothDialects(opts: { name: string; pgUrl: string; root?: string }) {
  const root = opts.root ?? process.cwd();
  await syncPostgresSchema(root);
  const scratch = await mkdtemp(path.join(tmpdir(), "parley-migration-"));
  const created: Record<Dialect, string | null> = { sqlite: null, postgresql: null };
  try {
    const sqlite = await Migrator.open({ url: `file:${path.join(scratch, "shadow.db")}`, root });
    try {
      created.sqlite = await sqlite.createMigration(opts.name);
    } finally {
      await sqlite.close();
    }
    created.postgresql = await withScratchPgDatabase(opts.pgUrl, async (url) => {
      const pg = await Migrator.open({ url, root });
      try {
        return await pg.createMigration(opts.name, created.sqlite ?? undefined);
      } finally {
        await pg.close();
      }
    });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return created;
}
