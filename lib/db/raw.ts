import "server-only";
import { dialect } from "./client";

// Helpers for the few hot-path queries written as raw SQL (one round trip where Prisma would need two). Column
// and table names are quoted the same way on both dialects; values come back in each driver's own types.

/** The n-th (1-based) bind parameter: `?` on SQLite, `$n` on PostgreSQL. */
export const placeholder = (n: number) => (dialect === "sqlite" ? "?" : `$${n}`);

/** A boolean column: PostgreSQL gives booleans, SQLite 0/1 (or booleans, by declared type). */
export function rawBoolean(value: unknown): boolean {
  return value === true || value === 1 || value === 1n || value === "1" || value === "true";
}

/** A nullable date column: a Date, or SQLite's ISO text / epoch milliseconds. */
export function rawDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  if (typeof value === "bigint") return new Date(Number(value));
  return new Date(value as string | number);
}

/** A JSON column: PostgreSQL parses it, SQLite returns the text. */
export function rawJson(value: unknown): unknown {
  return typeof value === "string" ? JSON.parse(value) : value;
}
