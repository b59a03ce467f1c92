import "server-only";
import { z } from "zod";
import { DEFAULT_DATABASE_URL, dialectOf } from "./db/dialect";

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v?.trim() ? v.trim() : undefined));

const EnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .default(DEFAULT_DATABASE_URL)
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
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString.pipe(z.url().optional()),
  PARLEY_MODELS: optionalString,
  PARLEY_TITLE_MODEL: optionalString,
  PARLEY_OFFLINE_DELAY_MS: z.coerce.number().int().min(0).max(1000).default(15),
  PARLEY_MESSAGES_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(30),
  PARLEY_MODEL_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(1),
  PARLEY_MODEL_FIRST_TOKEN_TIMEOUT_SECONDS: z.coerce.number().positive().max(3600).default(60),
  PARLEY_MODEL_IDLE_TIMEOUT_SECONDS: z.coerce.number().positive().max(3600).default(60),
  PARLEY_REPLY_SAVE_TIMEOUT_SECONDS: z.coerce.number().positive().max(3600).default(30),
  PARLEY_TOOLS: z.enum(["on", "off", ""]).optional(),
  PARLEY_REDIS_PREFIX: z.string().default("parley:"),
  PARLEY_LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent", ""]).optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  REDIS_URL: optionalString,
  SMTP_URL: optionalString,
  MAIL_FROM: z.string().default("Parley <parley@localhost>"),
  TRUST_PROXY: z
    .string()
    .regex(/^(true|false|\d+)?$/, "use a number of proxies (0, 1, 2…), true or false")
    .optional(),
  PARLEY_DATA_DIR: z.string().default("data"),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

/** The validated environment; fails fast with every problem listed. */
export function env(): Env {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  cached = parsed.data;
  return cached;
}
