// Migration-aware driver adapters, with workarounds for bugs in the pinned adapter versions
// (see README "Database" and the tests in lib/db/migrate/*.test.ts that pin each one).
import { randomUUID } from "node:crypto";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory, SqlQuery } from "@prisma/driver-adapter-utils";
import { type Dialect, pgConfig, sqlitePath } from "../dialect";

export function migrationAdapterFactory(dialect: Dialect, url: string): SqlMigrationAwareDriverAdapterFactory {
  return dialect === "sqlite" ? sqliteFactory(url) : pgFactory(url);
}

/**
 * The engine replays migrations on the SQLite shadow database through `executeRaw`, which better-sqlite3
 * refuses for multi-statement SQL ("External error id#0"): route those to `executeScript`.
 */
function sqliteFactory(url: string): SqlMigrationAwareDriverAdapterFactory {
  const base = new PrismaBetterSqlite3({ url: `file:${sqlitePath(url)}` });
  const patch = (adapter: SqlDriverAdapter) => {
    const executeRaw = adapter.executeRaw.bind(adapter);
    adapter.executeRaw = async (query: SqlQuery) => {
      try {
        return await executeRaw(query);
      } catch (error) {
        const multiStatement = error instanceof RangeError && /more than one statement/.test(error.message);
        if (!multiStatement || query.args.length > 0) throw error;
        await adapter.executeScript(query.sql);
        return 0;
      }
    };
    return adapter;
  };
  return {
    provider: base.provider,
    adapterName: base.adapterName,
    connect: async () => patch(await base.connect()),
    connectToShadowDb: async () => patch(await base.connectToShadowDb()),
  };
}

type PgAdapterInternals = SqlDriverAdapter & {
  client: { query(sql: string): Promise<unknown> };
  onError(error: unknown): never;
  performIO(query: SqlQuery): Promise<{ fields?: Array<{ dataTypeID: number }> }>;
};

/**
 * Fixes three @prisma/adapter-pg bugs for migrations:
 * - the catalog type `"char"` (OID 18) "could not be deserialized": report it as text;
 * - `executeScript` splits on `;` (breaks `$$` bodies, not atomic): send the script as one query,
 *   which PostgreSQL runs as one implicit transaction, so a failing migration leaves nothing half applied;
 * - `connectToShadowDb` reuses the main database or leaks shadow databases: create and drop our own.
 */
function pgFactory(url: string): SqlMigrationAwareDriverAdapterFactory {
  const config = pgConfig(url);
  const base = new PrismaPg(config);
  return {
    provider: base.provider,
    adapterName: base.adapterName,
    connect: async () => fixPgAdapter(await base.connect()),
    connectToShadowDb: async () => {
      const admin = await base.connect();
      const name = `prisma_migrate_shadow_db_${randomUUID().replaceAll("-", "")}`;
      await admin.executeScript(`CREATE DATABASE "${name}"`);
      const shadow = fixPgAdapter(await new PrismaPg({ ...config, database: name }).connect());
      const dispose = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        try {
          await dispose();
        } finally {
          try {
            await admin.executeScript(`DROP DATABASE IF EXISTS "${name}"`);
          } finally {
            await admin.dispose();
          }
        }
      };
      return shadow;
    },
  };
}

function fixPgAdapter<T extends object>(adapter: T): T {
  const pg = adapter as unknown as PgAdapterInternals;
  if ("executeScript" in pg) {
    pg.executeScript = async (script: string) => {
      try {
        await pg.client.query(script);
      } catch (error) {
        pg.onError(error);
      }
    };
  }
  const performIO = pg.performIO.bind(pg);
  pg.performIO = async (query: SqlQuery) => {
    const result = await performIO(query);
    for (const field of result?.fields ?? []) if (field.dataTypeID === 18) field.dataTypeID = 25;
    return result;
  };
  const startTransaction = (pg as Partial<SqlDriverAdapter>).startTransaction?.bind(pg);
  if (startTransaction) {
    (pg as SqlDriverAdapter).startTransaction = async (...args) => fixPgAdapter(await startTransaction(...args));
  }
  return adapter;
}
