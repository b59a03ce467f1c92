import "server-only";
import type { z } from "zod";
import type { Prisma } from "../db/client";
import { getSetting, saveSetting } from "../db/settings";
import { DEFAULT_SIGNUP_SETTINGS, type SignupSettings, SignupSettingsSchema } from "./admin-schemas";

const SIGNUP_KEY = "signup";

/** Who may sign up; a stored value that no longer parses means the defaults. */
export async function getSignupSettings(): Promise<SignupSettings> {
  const parsed = SignupSettingsSchema.safeParse(await getSetting(SIGNUP_KEY));
  return parsed.success ? parsed.data : DEFAULT_SIGNUP_SETTINGS;
}

export async function saveSignupSettings(settings: z.input<typeof SignupSettingsSchema>): Promise<void> {
  await saveSetting(SIGNUP_KEY, SignupSettingsSchema.parse(settings) as unknown as Prisma.InputJsonValue);
}
