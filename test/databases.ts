// Test databases: one migrated template per dialect per run, and a fresh copy of it for every test file.
import { createHash, randomUUID } from "node:crypto";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { pgConfig } from "../lib/db/dialect";

export const TEST_DIR = path.resolve(import.meta.dirname, "..", "data", "test");
export const SQLITE_TEMPLATE = path.join(TEST_DIR, "template.db");
// One template per checkout, so test runs in two working trees never drop each other's template.
export const PG_TEMPLATE_NAME = `parley_test_template_${createHash("sha256").update(process.cwd()).digest("hex").slice(0, 8)}`;

export function pgAdminUrl(): string {
  const url = process.env.TEST_DATABASE_URL_PG;
  if (!url) throw new Error("TEST_DATABASE_URL_PG is not set");
  return url;
}

export function pgUrlFor(database: string): string {
  const url = new URL(pgAdminUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withPgAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(pgConfig(pgAdminUrl()));
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(dialect: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `parley_test_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  if (dialect === "postgresql") {
    await withPgAdmin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${PG_TEMPLATE_NAME}"`));
    return {
      url: pgUrlFor(name),
      drop: () => withPgAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {}),
    };
  }
  mkdirSync(TEST_DIR, { recursive: true });
  const file = path.join(TEST_DIR, `${name}.db`);
  copyFileSync(SQLITE_TEMPLATE, file);
  return {
    url: `file:${file}`,
    drop: async () => {
      for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
    },
  };
}
