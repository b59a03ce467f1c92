import "server-only";
import type { z } from "zod";
import { DEFAULT_SIGNUP_SETTINGS, type SignupSettings, SignupSettingsSchema } from "../auth/admin-schemas";
import { db, type Prisma } from "./client";

const SIGNUP_KEY = "signup";

/** Read from the database on every use (no process cache), so every instance sees a change at once. */
export async function getSignupSettings(): Promise<SignupSettings> {
  const row = await db.setting.findUnique({ where: { key: SIGNUP_KEY } });
  const parsed = SignupSettingsSchema.safeParse(row?.value);
  return parsed.success ? parsed.data : DEFAULT_SIGNUP_SETTINGS;
}

export async function saveSignupSettings(settings: z.input<typeof SignupSettingsSchema>): Promise<void> {
  const value = SignupSettingsSchema.parse(settings) as unknown as Prisma.InputJsonValue;
  await db.setting.upsert({ where: { key: SIGNUP_KEY }, create: { key: SIGNUP_KEY, value }, update: { value } });
}
