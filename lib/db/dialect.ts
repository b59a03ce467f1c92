import path from "node:path";

export type Dialect = "sqlite" | "postgresql";

export const DEFAULT_DATABASE_URL = "file:./data/parley.db";

const SUPPORTED_FORMS =
  "file:./path/to/db.sqlite (SQLite) or postgresql://user:password@host:5432/database (PostgreSQL)";

export function databaseUrl(env: NodeJS.ProcessEnv): string {
  return env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL;
}

export function dialectOf(url: string): Dialect {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  throw new Error(`Unsupported DATABASE_URL "${redactUrl(url)}". Use ${SUPPORTED_FORMS}.`);
}

/** Resolves `file:./x.db` against the project root (the working directory), as Prisma's CLI does. */
export function sqlitePath(url: string, baseDir = process.cwd()): string {
  const withoutScheme = url.replace(/^file:/, "");
  const query = withoutScheme.indexOf("?");
  const p = query < 0 ? withoutScheme : withoutScheme.slice(0, query);
  return p === ":memory:" || path.isAbsolute(p) ? p : path.resolve(baseDir, p);
}

/** Splits a PostgreSQL URL into fields: @prisma/adapter-pg ignores `database` overrides on connection strings. */
export function pgConfig(url: string) {
  const u = new URL(url);
  return {
    host: decodeURIComponent(u.hostname),
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username) || undefined,
    password: decodeURIComponent(u.password) || undefined,
    database: decodeURIComponent(u.pathname.slice(1)) || "postgres",
  };
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}
