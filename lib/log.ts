// Structured one-line JSON logs. Never pass passwords, tokens or keys here.
import { env, type LOG_LEVELS } from "./env";

type Level = "debug" | "info" | "warn" | "error";

const RANK: Record<(typeof LOG_LEVELS)[number], number> = { debug: 0, info: 1, warn: 2, error: 3, silent: 4 };

/** PARLEY_LOG_LEVEL; an invalid environment must not silence the log that reports it, so it falls back to info. */
function threshold(): number {
  try {
    return RANK[env().PARLEY_LOG_LEVEL];
  } catch {
    return RANK.info;
  }
}

function write(level: Level, event: string, fields: Record<string, unknown> = {}) {
  if (RANK[level] < threshold()) return;
  const line = JSON.stringify({ t: new Date().toISOString(), level, event, ...fields }, (_key, value) =>
    value instanceof Error ? { name: value.name, message: value.message } : value,
  );
  (level === "error" || level === "warn" ? console.error : console.log)(line);
}

export const log = {
  debug: (event: string, fields?: Record<string, unknown>) => write("debug", event, fields),
  info: (event: string, fields?: Record<string, unknown>) => write("info", event, fields),
  warn: (event: string, fields?: Record<string, unknown>) => write("warn", event, fields),
  error: (event: string, fields?: Record<string, unknown>) => write("error", event, fields),
};
