import "server-only";
import { hashToken, randomToken } from "../crypto";
import { db } from "./client";
import { placeholder, rawBoolean, rawDate, rawJson } from "./raw";

const KEY_PREFIX = "pk_";
const LAST_USED_INTERVAL_MS = 60 * 1000;

export interface NewApiKey {
  userId: string;
  name: string;
  description?: string | null;
  /** Validated by the caller (lib/auth/scopes): the data layer stores them as given. */
  scopes: readonly string[];
  expiresAt?: Date | null;
  /** The OpenAI-compatible endpoint stores this key's requests as conversations. */
  keepConversations?: boolean;
}

const listSelect = {
  id: true,
  name: true,
  description: true,
  keyPrefix: true,
  scopes: true,
  isActive: true,
  expiresAt: true,
  lastUsedAt: true,
  keepConversations: true,
  createdAt: true,
} as const;

/** Creates a key; the secret is returned once and only its hash is stored. */
export async function createApiKey(input: NewApiKey) {
  const key = `${KEY_PREFIX}${randomToken(32)}`;
  const record = await db.apiKey.create({
    data: {
      userId: input.userId,
      name: input.name,
      description: input.description ?? null,
      scopes: [...input.scopes],
      expiresAt: input.expiresAt ?? null,
      keepConversations: input.keepConversations ?? false,
      keyHash: hashToken(key),
      keyPrefix: key.slice(0, KEY_PREFIX.length + 8),
    },
    select: listSelect,
  });
  return { key, record };
}

export function listApiKeys(userId: string) {
  return db.apiKey.findMany({ where: { userId }, orderBy: { createdAt: "desc" }, take: 100, select: listSelect });
}

export async function revokeApiKey({ userId, id }: { userId: string; id: string }): Promise<boolean> {
  const { count } = await db.apiKey.updateMany({ where: { id, userId, isActive: true }, data: { isActive: false } });
  return count > 0;
}

/** Turns a key's "Keep requests as conversations" on or off; false when it is not the caller's active key. */
export async function setApiKeyKeepsConversations(input: { userId: string; id: string; keep: boolean }) {
  const { count } = await db.apiKey.updateMany({
    where: { id: input.id, userId: input.userId, isActive: true },
    data: { keepConversations: input.keep },
  });
  return count > 0;
}

export function looksLikeApiKey(token: string): boolean {
  return token.startsWith(KEY_PREFIX);
}

/** The active, unexpired key with this secret whose owner is active, or null. */
export async function findUsableApiKey(key: string) {
  // Every API request runs this: one indexed lookup joined to its owner (Prisma's `include` would be two).
  const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(
    `SELECT k.id, k."userId", k.scopes, k."isActive", k."expiresAt", k."lastUsedAt",
       k."keepConversations", u."isActive" AS "userActive", u."deletedAt"
     FROM "ApiKey" k JOIN "User" u ON u.id = k."userId"
     WHERE k."keyHash" = ${placeholder(1)}`,
    hashToken(key),
  );
  const row = rows[0];
  const record = row && {
    id: String(row.id),
    userId: String(row.userId),
    scopes: rawJson(row.scopes),
    isActive: rawBoolean(row.isActive),
    expiresAt: rawDate(row.expiresAt),
    lastUsedAt: rawDate(row.lastUsedAt),
    keepConversations: rawBoolean(row.keepConversations),
    user: { isActive: rawBoolean(row.userActive), deletedAt: rawDate(row.deletedAt) },
  };
  const now = Date.now();
  if (
    !record?.isActive ||
    (record.expiresAt && record.expiresAt.getTime() <= now) ||
    !record.user.isActive ||
    record.user.deletedAt
  ) {
    return null;
  }
  if (!record.lastUsedAt || now - record.lastUsedAt.getTime() > LAST_USED_INTERVAL_MS) {
    await db.apiKey.update({ where: { id: record.id }, data: { lastUsedAt: new Date(now) } });
  }
  return record;
}
