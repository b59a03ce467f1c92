// Structured one-line JSON logs. Never pass passwords, tokens or keys here.
type Level = "debug" | "info" | "warn" | "error";

const quiet = process.env.PARLEY_LOG_LEVEL === "silent";

function write(level: Level, event: string, fields: Record<string, unknown> = {}) {
  if (quiet) return;
  const line = JSON.stringify({ t: new Date().toISOString(), level, event, ...fields }, (_key, value) =>
    value instanceof Error ? { name: value.name, message: value.message } : value,
  );
  (level === "error" || level === "warn" ? console.error : console.log)(line);
}

export const log = {
  debug: (event: string, fields?: Record<string, unknown>) => {
    if (process.env.PARLEY_LOG_LEVEL === "debug") write("debug", event, fields);
  },
  info: (event: string, fields?: Record<string, unknown>) => write("info", event, fields),
  warn: (event: string, fields?: Record<string, unknown>) => write("warn", event, fields),
  error: (event: string, fields?: Record<string, unknown>) => write("error", event, fields),
};
