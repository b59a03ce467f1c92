import "server-only";
import { env } from "../env";
import { processGlobal } from "../process-global";
import { span, timingEnabled } from "../timing";
import { type Dialect, dialectOf } from "./dialect";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client";
import { PrismaClient } from "./generated/sqlite/client";
import { postgresAdapter, transactionWaitMs } from "./postgres-pool";
import { sqliteAdapterFactory } from "./sqlite-adapter";
import { ensureSqliteDirectory } from "./sqlite-file";

export type { Prisma } from "./generated/sqlite/client";

// Both generated clients expose the same model API (one schema); the SQLite one's types stand for both.
export type Db = PrismaClient;

interface ClientOptions {
  /** Prisma's query plan cache entries (its default is 1,000); 0 turns it off. */
  queryPlanCacheMaxSize?: number;
  poolSize?: number;
}

export function createClient(url: string, options: ClientOptions = {}): { db: Db; dialect: Dialect } {
  const dialect = dialectOf(url);
  const { queryPlanCacheMaxSize } = options;
  if (dialect === "sqlite") {
    ensureSqliteDirectory(url);
    const transactionOptions = transactionBounds(env().DATABASE_STATEMENT_TIMEOUT_MS);
    const db = new PrismaClient({ adapter: sqliteAdapterFactory(url), queryPlanCacheMaxSize, transactionOptions });
    return { db, dialect };
  }
  const config = env();
  const pool = {
    max: options.poolSize ?? config.DATABASE_POOL_SIZE,
    connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS,
    statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
  };
  const adapter = postgresAdapter(url, pool);
  const client = new PostgresClient({
    adapter,
    queryPlanCacheMaxSize,
    transactionOptions: transactionBounds(transactionWaitMs(pool)),
  });
  return { db: client as unknown as Db, dialect };
}

/**
 * Prisma's defaults (2 s to start a transaction, 5 s to run it) refused transactions under a burst (200 replies
 * starting at once, bench/streams.ts) while the database was fine: a transaction waits in line for a
 * connection (PostgreSQL) or for the one before it (SQLite), and its round trips wait for a busy event loop.
 * Both are bounded like a statement instead.
 */
function transactionBounds(ms: number) {
  return { maxWait: ms, timeout: ms };
}

/** PARLEY_TIMING=1: every query becomes a span of the request's timing (lib/timing.ts). */
function withQueryTiming(client: Db): Db {
  return client.$extends({
    query: {
      $allOperations({ model, operation, args, query }) {
        return span(`${model ?? "db"}.${operation}`, () => query(args));
      },
    },
  }) as unknown as Db;
}

const instance = processGlobal("parleyDb", () => {
  const created = createClient(env().DATABASE_URL);
  return timingEnabled ? { ...created, db: withQueryTiming(created.db) } : created;
});

export const db: Db = instance.db;
export const dialect: Dialect = instance.dialect;

/**
 * A second, small client without Prisma's query plan cache, for bulk raw INSERTs (import): the cache keys a
 * raw statement by its parameters, so every batch of imported messages stayed in memory (1,000 entries of up
 * to a megabyte each: 1 GB for a 100 MB import, measured with bench/import.ts). Created on first use.
 */
export function bulkWriteClient(): Db {
  return processGlobal(
    "parleyBulkDb",
    () => createClient(env().DATABASE_URL, { queryPlanCacheMaxSize: 0, poolSize: 2 }).db,
  );
}

/**
 * Case-insensitive `contains` that matches `value` literally: Prisma passes it into LIKE unescaped, where
 * % and _ are wildcards and \ escapes. PostgreSQL needs `mode`; SQLite's LIKE is case-insensitive for ASCII.
 */
export function containsInsensitive(value: string): { contains: string } {
  const literal = value.replace(/[\\%_]/g, (c) => `\\${c}`);
  return dialect === "postgresql"
    ? ({ contains: literal, mode: "insensitive" } as { contains: string })
    : { contains: literal };
}
