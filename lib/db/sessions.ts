import "server-only";
import { db } from "./client";
import { placeholder, rawBoolean, rawDate } from "./raw";

export const SESSION_ABSOLUTE_MS = 30 * 24 * 60 * 60 * 1000;
export const SESSION_IDLE_MS = 7 * 24 * 60 * 60 * 1000;
const TOUCH_INTERVAL_MS = 60 * 1000;

export interface NewSession {
  userId: string;
  tokenHash: string;
  deviceInfo?: string | null;
  ipAddress?: string | null;
}

export function createSession(input: NewSession) {
  return db.session.create({
    data: {
      userId: input.userId,
      tokenHash: input.tokenHash,
      deviceInfo: input.deviceInfo?.slice(0, 512) ?? null,
      ipAddress: input.ipAddress?.slice(0, 64) ?? null,
      expiresAt: new Date(Date.now() + SESSION_ABSOLUTE_MS),
    },
  });
}

/**
 * The session behind a cookie, if it is still valid: active, within its absolute and idle lifetimes,
 * and its user is active and not deleted. Refreshes `lastSeenAt` at most once a minute.
 */
export async function findValidSession(tokenHash: string) {
  // Every signed-in request runs this: one indexed lookup joined to its user (Prisma's `include` would be two).
  const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(
    `SELECT s.id, s."userId", s."isActive", s."expiresAt", s."lastSeenAt",
       u.email, u.username, u."isSuperuser", u."emailVerifiedAt", u."isActive" AS "userActive", u."deletedAt"
     FROM "Session" s JOIN "User" u ON u.id = s."userId"
     WHERE s."tokenHash" = ${placeholder(1)}`,
    tokenHash,
  );
  const row = rows[0];
  const session = row && {
    id: String(row.id),
    userId: String(row.userId),
    isActive: rawBoolean(row.isActive),
    expiresAt: rawDate(row.expiresAt) as Date,
    lastSeenAt: rawDate(row.lastSeenAt) as Date,
    user: {
      email: String(row.email),
      username: String(row.username),
      isSuperuser: rawBoolean(row.isSuperuser),
      emailVerifiedAt: rawDate(row.emailVerifiedAt),
      isActive: rawBoolean(row.userActive),
      deletedAt: rawDate(row.deletedAt),
    },
  };
  const now = Date.now();
  if (
    !session?.isActive ||
    session.expiresAt.getTime() <= now ||
    session.lastSeenAt.getTime() + SESSION_IDLE_MS <= now ||
    !session.user.isActive ||
    session.user.deletedAt
  ) {
    return null;
  }
  if (now - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db.session.update({ where: { id: session.id }, data: { lastSeenAt: new Date(now) } });
  }
  return session;
}

export function listActiveSessions(userId: string) {
  return db.session.findMany({
    where: { userId, isActive: true, expiresAt: { gt: new Date() } },
    orderBy: { lastSeenAt: "desc" },
    take: 100,
    select: { id: true, deviceInfo: true, ipAddress: true, lastSeenAt: true, createdAt: true, expiresAt: true },
  });
}

export async function revokeSession({ userId, sessionId }: { userId: string; sessionId: string }): Promise<boolean> {
  const { count } = await db.session.updateMany({
    where: { id: sessionId, userId, isActive: true },
    data: { isActive: false },
  });
  return count > 0;
}

export function revokeSessionByTokenHash(tokenHash: string) {
  return db.session.updateMany({ where: { tokenHash, isActive: true }, data: { isActive: false } });
}

export function revokeAllSessions({ userId, exceptSessionId }: { userId: string; exceptSessionId?: string }) {
  return db.session.updateMany({
    where: { userId, isActive: true, ...(exceptSessionId ? { id: { not: exceptSessionId } } : {}) },
    data: { isActive: false },
  });
}
