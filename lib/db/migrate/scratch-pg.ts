import { randomUUID } from "node:crypto";
import pg from "pg";
import { pgConfig } from "../dialect";

/** Creates an empty PostgreSQL database next to `adminUrl`'s, runs `fn` with its URL, then drops it. */
export async function withScratchPgDatabase<T>(adminUrl: string, fn: (url: string) => Promise<T>): Promise<T> {
  const name = `parley_scratch_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
  const admin = new pg.Client(pgConfig(adminUrl));
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    try {
      return await fn(url.toString());
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  } finally {
    await admin.end();
  }
}
