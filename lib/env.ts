import "server-only";
import { z } from "zod";
import { DEFAULT_DATABASE_URL, dialectOf } from "./db/dialect";

const flag = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v?.trim() ? v.trim() : undefined));

const EnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .default(DEFAULT_DATABASE_URL)
    .refine((url) => {
      dialectOf(url);
      return true;
    }),
  AUTH_SECRET: optionalString,
  APP_URL: optionalString.pipe(z.url().optional()),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString.pipe(z.url().optional()),
  PARLEY_MODELS: optionalString,
  PARLEY_TITLE_MODEL: optionalString,
  PARLEY_OFFLINE_DELAY_MS: z.coerce.number().int().min(0).max(1000).default(15),
  REDIS_URL: optionalString,
  SMTP_URL: optionalString,
  MAIL_FROM: z.string().default("Parley <parley@localhost>"),
  TRUST_PROXY: flag,
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
