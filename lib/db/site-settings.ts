import "server-only";
import { db } from "./client";

export async function getSiteSetting(key: string): Promise<string | null> {
  return (await db.siteSetting.findUnique({ where: { key } }))?.value ?? null;
}

export async function setSiteSetting(key: string, value: string): Promise<void> {
  await db.siteSetting.upsert({ where: { key }, create: { key, value }, update: { value } });
}
