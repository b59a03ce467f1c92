import "server-only";
import { db } from "./client";

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
  const session = await db.session.findUnique({
    where: { tokenHash },
    include: { user: true },
  });
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
