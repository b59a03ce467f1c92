import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { type Dialect, databaseUrl, dialectOf } from "./dialect";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client";
import { PrismaClient } from "./generated/sqlite/client";
import { ensureSqliteDirectory } from "./sqlite-file";
import { sqliteAdapterFactory } from "./sqlite-adapter";

export type { Prisma } from "./generated/sqlite/client";

// Both generated clients expose the same model API (one schema); the SQLite one's types stand for both.
export type Db = PrismaClient;

function createClient(url: string): { db: Db; dialect: Dialect } {
  const dialect = dialectOf(url);
  if (dialect === "sqlite") {
    ensureSqliteDirectory(url);
    return { db: new PrismaClient({ adapter: sqliteAdapterFactory(url) }), dialect };
  }
  const pool = Number(process.env.DATABASE_POOL_SIZE ?? 10);
  const client = new PostgresClient({ adapter: new PrismaPg({ connectionString: url, max: pool }) });
  return { db: client as unknown as Db, dialect };
}

const globalForDb = globalThis as unknown as { parleyDb?: { db: Db; dialect: Dialect } };
globalForDb.parleyDb ??= createClient(databaseUrl());
const instance = globalForDb.parleyDb;

export const db: Db = instance.db;
export const dialect: Dialect = instance.dialect;

/** Case-insensitive `contains`: PostgreSQL needs `mode`, SQLite's LIKE is already case-insensitive for ASCII. */
export function containsInsensitive(value: string): { contains: string } {
  return dialect === "postgresql"
    ? ({ contains: value, mode: "insensitive" } as { contains: string })
    : { contains: value };
}
