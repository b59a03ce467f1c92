import "server-only";
import { db, type Prisma } from "./client";

// Site-wide settings, one JSON value per key. The rows only: what a value means (and its schema) belongs
// to the module that owns the setting (e.g. lib/auth/signup-settings.ts).

/** Read from the database on every use (no process cache), so every instance sees a change at once. */
export async function getSetting(key: string): Promise<unknown> {
  const row = await db.setting.findUnique({ where: { key } });
  return row?.value;
}

export async function saveSetting(key: string, value: Prisma.InputJsonValue): Promise<void> {
  await db.setting.upsert({ where: { key }, create: { key, value }, update: { value } });
}
