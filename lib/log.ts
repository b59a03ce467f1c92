// Structured one-line JSON logs (pino). Secrets never belong here; the redact list is the safety net.
import pino from "pino";
import { env, type LOG_LEVELS } from "./env";
import { currentRequestContext } from "./request-context";

type Level = "debug" | "info" | "warn" | "error";
type Fields = Record<string, unknown>;

/** Field names whose values are replaced, at the top level and one or two levels down (e.g. `headers.cookie`). */
const SECRET_KEYS = [
  "authorization",
  "cookie",
  "set-cookie",
  "password",
  "newPassword",
  "currentPassword",
  "secret",
  "clientSecret",
  "token",
  "accessToken",
  "refreshToken",
  "apiKey",
  "api_key",
  "key",
  "AUTH_SECRET",
  "OPENAI_API_KEY",
];
const REDACT_PATHS = SECRET_KEYS.flatMap((key) => {
  const k = JSON.stringify(key);
  return [`[${k}]`, `*[${k}]`, `*.*[${k}]`];
});

/** warn and error go to stderr, the rest to stdout (through console, as before, so tests can listen). */
const streams = pino.multistream(
  [
    { level: "debug", stream: { write: (line: string) => console.log(line.trimEnd()) } },
    { level: "warn", stream: { write: (line: string) => console.error(line.trimEnd()) } },
  ],
  { dedupe: true },
);

const logger = pino(
  {
    level: "info",
    base: undefined,
    messageKey: "event",
    timestamp: () => `,"t":"${new Date().toISOString()}"`,
    formatters: { level: (label) => ({ level: label }) },
    serializers: { err: pino.stdSerializers.errWithCause, error: pino.stdSerializers.errWithCause },
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    mixin: () => {
      const context = currentRequestContext();
      return context ? { requestId: context.requestId } : {};
    },
  },
  streams,
);

/** PARLEY_LOG_LEVEL, read on each call (tests change it); an invalid environment falls back to info. */
function level(): (typeof LOG_LEVELS)[number] {
  try {
    return env().PARLEY_LOG_LEVEL;
  } catch {
    return "info";
  }
}

/** Errors anywhere in the fields (not only under `error`) keep their stack and cause. */
function withErrors(value: unknown, depth = 0): unknown {
  if (value instanceof Error) return pino.stdSerializers.errWithCause(value);
  if (depth >= 3 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => withErrors(item, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out: Fields = {};
  for (const [key, item] of Object.entries(value)) out[key] = withErrors(item, depth + 1);
  return out;
}

function write(at: Level, event: string, fields: Fields = {}) {
  const wanted = level();
  if (logger.level !== wanted) logger.level = wanted;
  if (!logger.isLevelEnabled(at)) return;
  try {
    logger[at](withErrors(fields) as Fields, event);
  } catch (error) {
    // A field that cannot be written (a getter that throws, a driver's error object) must never turn the
    // request that logs it into a bare 500: the line is written without its fields instead.
    logger[at]({ logFailed: error instanceof Error ? error.message : String(error) }, event);
  }
}

export const log = {
  debug: (event: string, fields?: Fields) => write("debug", event, fields),
  info: (event: string, fields?: Fields) => write("info", event, fields),
  warn: (event: string, fields?: Fields) => write("warn", event, fields),
  error: (event: string, fields?: Fields) => write("error", event, fields),
};
