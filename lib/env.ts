import "server-only";
import { z } from "zod";
import { DEFAULT_DATABASE_URL, dialectOf } from "./db/dialect";
import { parseTrustProxy } from "./trust-proxy.js";

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v?.trim() ? v.trim() : undefined));

const LOOPBACK_HOSTS = new Set(["localhost", "[::1]"]);

/** https, or http to this machine only: where an eavesdropper on the network sees nothing. */
export function secureOrLoopback(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (protocol === "https:") return true;
  return protocol === "http:" && (LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname));
}

const milliseconds = (fallback: number, max = 600_000) => z.coerce.number().int().min(0).max(max).default(fallback);

export const LOG_LEVELS = ["debug", "info", "warn", "error", "silent"] as const;

const EnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .default(DEFAULT_DATABASE_URL)
    .transform((url) => url.trim() || DEFAULT_DATABASE_URL)
    .refine(
      (url) => {
        try {
          dialectOf(url);
          return true;
        } catch {
          return false;
        }
      },
      { message: "use file:./path.db (SQLite) or postgresql://user:password@host:5432/db" },
    ),
  AUTH_SECRET: optionalString,
  APP_URL: optionalString.pipe(z.url().optional()),
  /** Sign-in with an OpenID Connect provider (all three of issuer, id and secret, or none). */
  AUTH_OIDC_ISSUER: optionalString.pipe(
    z
      .url()
      .refine(
        secureOrLoopback,
        "use https:// (the provider's keys, tokens and the client secret would travel unencrypted); plain http is allowed only for a provider on this machine (localhost, 127.0.0.1, [::1])",
      )
      .optional(),
  ),
  AUTH_OIDC_ID: optionalString,
  AUTH_OIDC_SECRET: optionalString,
  AUTH_OIDC_NAME: optionalString.pipe(z.string().max(60).optional()),
  AUTH_OIDC_SCOPE: optionalString.pipe(z.string().max(500).optional()),
  /** on: logging out of a session begun at the provider also ends the provider's session (RP-initiated logout). */
  AUTH_OIDC_LOGOUT: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^(on|off|true|false|1|0|yes|no)?$/, "use on or off")
    .optional()
    .transform((v) => /^(on|true|1|yes)$/.test(v ?? "")),
  AUTH_OIDC_ADMIN_GROUPS: optionalString.pipe(z.string().max(5000).optional()),
  AUTH_OIDC_ROLE_GROUPS: optionalString.pipe(z.string().max(5000).optional()),
  AUTH_GITHUB_ID: optionalString,
  AUTH_GITHUB_SECRET: optionalString,
  AUTH_GOOGLE_ID: optionalString,
  AUTH_GOOGLE_SECRET: optionalString,
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString.pipe(z.url().optional()),
  PARLEY_MODELS: optionalString,
  /** Embedding model ids the OpenAI-compatible server offers (for POST /api/v1/embeddings), comma-separated. */
  PARLEY_EMBEDDING_MODELS: optionalString,
  PARLEY_TITLE_MODEL: optionalString,
  /** A model that summarises older turns when a conversation outgrows its model's window (default: that model). */
  PARLEY_SUMMARY_MODEL: optionalString,
  PARLEY_OFFLINE_DELAY_MS: z.coerce.number().int().min(0).max(1000).default(15),
  PARLEY_MESSAGES_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(30),
  // Largest conversations file accepted by import, in megabytes.
  // Sign-ups from one network per hour. 100 by default; a test suite that signs up more from one address raises it.
  PARLEY_SIGNUPS_PER_IP_PER_HOUR: z.coerce.number().int().min(1).max(1_000_000).default(100),
  PARLEY_IMPORT_MAX_MB: z.coerce.number().positive().max(10_000).default(200),
  PARLEY_MODEL_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(1),
  PARLEY_MODEL_FIRST_TOKEN_TIMEOUT_SECONDS: z.coerce.number().positive().max(3600).default(60),
  PARLEY_MODEL_IDLE_TIMEOUT_SECONDS: z.coerce.number().positive().max(3600).default(60),
  PARLEY_ATTACHMENT_MAX_MB: z.coerce.number().positive().max(1024).default(20),
  PARLEY_ATTACHMENTS_PER_MESSAGE: z.coerce.number().int().min(1).max(100).default(10),
  PARLEY_ATTACHMENT_QUOTA_MB: z.coerce.number().positive().max(1_000_000).default(500),
  PARLEY_ATTACHMENT_TEXT_CHARS: z.coerce.number().int().min(1000).max(10_000_000).default(50_000),
  /** Longest reading one PDF's text may take before the reader is stopped and the file kept with what was read. */
  PARLEY_ATTACHMENT_READ_SECONDS: z.coerce.number().positive().max(600).default(10),
  PARLEY_REPLY_SAVE_TIMEOUT_SECONDS: z.coerce.number().positive().max(3600).default(30),
  /** On SIGTERM, how long open replies may run on before they are ended as "the server is restarting". */
  /** Longest a request's body may take to arrive (scripts/server.mjs; read there, validated here). */
  PARLEY_REQUEST_TIMEOUT_SECONDS: z.coerce.number().positive().max(3600).default(120),
  PARLEY_SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).max(600).default(3),
  PARLEY_TOOLS: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^(on|off|true|false|1|0|yes|no)?$/, "use on or off")
    .optional()
    .transform((v) => !/^(off|false|0|no)$/.test(v ?? "")),
  /** Longest wait for one MCP tool call (or for connecting to and listing an MCP server's tools). */
  PARLEY_MCP_TIMEOUT_SECONDS: z.coerce.number().positive().max(600).default(30),
  /** 1: admins may add MCP servers that run as a command on this host (stdio). Off by default: see README. */
  PARLEY_MCP_STDIO: z
    .enum(["", "0", "1"], { message: "use 1 or 0" })
    .optional()
    .transform((v) => v === "1"),
  PARLEY_REDIS_PREFIX: z.string().default("parley:"),
  /** 1: log each route request's phases (lib/timing.ts reads it once at start-up; validated here). */
  PARLEY_TIMING: z.enum(["", "0", "1"], { message: "use 1 or 0" }).optional(),
  PARLEY_LOG_LEVEL: z
    .string()
    .trim()
    .toLowerCase()
    .transform((v) => v || "info")
    .pipe(z.enum(LOG_LEVELS, { message: `use one of ${LOG_LEVELS.join(", ")}` }))
    .default("info"),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
  /** Longest a PostgreSQL statement may run, enforced by the server and, for a frozen server, by the client. */
  DATABASE_STATEMENT_TIMEOUT_MS: milliseconds(10_000).refine((v) => v >= 100, "use at least 100"),
  /** Longest opening a new PostgreSQL connection may take (waiting for a busy pool's is bounded by the statement timeout). */
  DATABASE_CONNECT_TIMEOUT_MS: milliseconds(3_000).refine((v) => v >= 100, "use at least 100"),
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  REDIS_URL: optionalString,
  /** Longest one Redis command (or connecting) may take before Parley carries on without Redis. */
  REDIS_TIMEOUT_MS: milliseconds(1_000, 60_000).refine((v) => v >= 50, "use at least 50"),
  SMTP_URL: optionalString,
  MAIL_FROM: z.string().default("Parley <parley@localhost>"),
  TRUST_PROXY: z
    .string()
    .refine(
      (raw) => parseTrustProxy(raw.trim()) !== null,
      "use a number of proxies (0, 1, 2…), true, false, or a list of proxy addresses/CIDRs",
    )
    .optional(),
  PARLEY_DATA_DIR: z.string().default("data"),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
});

export type Env = z.infer<typeof EnvSchema>;

const NAMES = Object.keys(EnvSchema.shape) as (keyof Env)[];

let cached: { fingerprint: string; value: Env } | undefined;

/**
 * The validated environment; fails fast with every problem listed. Cached by the variables' values, so a
 * test (or a benchmark) that changes process.env sees the change on its next call.
 */
export function env(): Env {
  const fingerprint = JSON.stringify(NAMES.map((name) => process.env[name] ?? null));
  if (cached?.fingerprint === fingerprint) return cached.value;
  const parsed = EnvSchema.safeParse(process.env);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  if (process.env.SMTP_URL?.trim() && !process.env.APP_URL?.trim()) {
    problems.push(
      "APP_URL: required when SMTP_URL is set, so that links in emails name your site (https://chat.example)",
    );
  }
  for (const [prefix, names] of [
    ["AUTH_OIDC", ["ISSUER", "ID", "SECRET"]],
    ["AUTH_GITHUB", ["ID", "SECRET"]],
    ["AUTH_GOOGLE", ["ID", "SECRET"]],
  ] as const) {
    const set = names.filter((name) => process.env[`${prefix}_${name}`]?.trim());
    if (set.length > 0 && set.length < names.length) {
      problems.push(`${prefix}_*: set all of ${names.map((n) => `${prefix}_${n}`).join(", ")} or none of them`);
    }
  }
  if (!parsed.success || problems.length) throw new Error(`Invalid environment: ${problems.join("; ")}`);
  cached = { fingerprint, value: parsed.data };
  return parsed.data;
}

/** Forgets the cached environment (tests). */
export function resetEnv(): void {
  cached = undefined;
}
