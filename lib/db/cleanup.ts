import "server-only";
import { deleteUnsentAttachments } from "./attachments";
import { db } from "./client";
import { SESSION_IDLE_MS } from "./sessions";

// Used and expired links stay a day, so that opening one again still says "already used" or "expired"
// rather than "not valid"; revoked sessions stay a day for the same reason.
const GRACE_MS = 24 * 60 * 60 * 1000;

export interface CleanupCounts {
  rateLimits: number;
  emailTokens: number;
  sessions: number;
  refreshTokens: number;
  unsentFiles: number;
}

/**
 * Deletes rows that no longer mean anything and that anyone can make the server create: ended rate-limit
 * windows, used or expired email links, ended sessions and expired refresh tokens, and files uploaded a day ago but never sent. Idempotent, so any
 * number of instances may run it at the same time.
 */
export async function removeExpiredRows(now = new Date()): Promise<CleanupCounts> {
  const graceEnd = new Date(now.getTime() - GRACE_MS);
  const idleSince = new Date(now.getTime() - SESSION_IDLE_MS);
  const [rateLimits, emailTokens, sessions, refreshTokens, unsentFiles] = await Promise.all([
    db.rateLimit.deleteMany({ where: { resetAt: { lte: now } } }),
    db.emailToken.deleteMany({ where: { OR: [{ expiresAt: { lte: graceEnd } }, { usedAt: { lte: graceEnd } }] } }),
    db.session.deleteMany({
      where: {
        OR: [
          { expiresAt: { lte: now } },
          { lastSeenAt: { lte: idleSince } },
          { isActive: false, updatedAt: { lte: graceEnd } },
        ],
      },
    }),
    // A used refresh token is kept until it expires: replaying it must still revoke its family.
    db.refreshToken.deleteMany({ where: { expiresAt: { lte: now } } }),
    deleteUnsentAttachments(now),
  ]);
  return {
    rateLimits: rateLimits.count,
    emailTokens: emailTokens.count,
    sessions: sessions.count,
    refreshTokens: refreshTokens.count,
    unsentFiles,
  };
}
