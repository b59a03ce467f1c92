import "server-only";
import { db } from "./client";

/** A site-wide setting stored as a string in the one `Setting` table (shared with the sign-up settings). */
export async function getSiteSetting(key: string): Promise<string | null> {
  const value = (await db.setting.findUnique({ where: { key } }))?.value;
  return typeof value === "string" ? value : null;
}

export async function setSiteSetting(key: string, value: string): Promise<void> {
  await db.setting.upsert({ where: { key }, create: { key, value }, update: { value } });
}
