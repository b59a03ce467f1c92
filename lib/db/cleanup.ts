import "server-only";
import type { AuditAction } from "../audit-actions";
import { deleteUnsentAttachments } from "./attachments";
import { db } from "./client";
import { SESSION_IDLE_MS } from "./sessions";

// Used and expired links stay a day, so that opening one again still says "already used" or "expired"
// rather than "not valid"; revoked sessions stay a day for the same reason.
const GRACE_MS = 24 * 60 * 60 * 1000;

/**
 * Failed and throttled logins are written for anyone who tries, signed in or not, so without an end they
 * would grow the audit log without bound. They are kept this long (enough to look into an attack); every
 * other audit event stays.
 */
export const FAILED_LOGIN_RETENTION_DAYS = 90;
const FAILED_LOGIN_ACTIONS = ["auth.login_failed", "auth.login_throttled"] satisfies AuditAction[];

export interface CleanupCounts {
  rateLimits: number;
  emailTokens: number;
  sessions: number;
  refreshTokens: number;
  unsentFiles: number;
  failedLogins: number;
  loginTickets: number;
  tokenReservations: number;
}

/**
 * Deletes rows that no longer mean anything and that anyone can make the server create: ended rate-limit
 * windows, used or expired email links, ended sessions and expired refresh tokens, files uploaded a day ago
 * but never sent, and failed-login audit events older than FAILED_LOGIN_RETENTION_DAYS. Idempotent, so any
 * number of instances may run it at the same time.
 */
export async function removeExpiredRows(now = new Date()): Promise<CleanupCounts> {
  const graceEnd = new Date(now.getTime() - GRACE_MS);
  const idleSince = new Date(now.getTime() - SESSION_IDLE_MS);
  const failedLoginsBefore = new Date(now.getTime() - FAILED_LOGIN_RETENTION_DAYS * GRACE_MS);
  const [rateLimits, emailTokens, sessions, refreshTokens, unsentFiles, failedLogins, loginTickets, tokenReservations] =
    await Promise.all([
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
      db.auditEvent.deleteMany({
        where: { action: { in: FAILED_LOGIN_ACTIONS }, createdAt: { lt: failedLoginsBefore } },
      }),
      // A used ticket's nonce matters only while the ticket itself would still be accepted.
      db.usedLoginTicket.deleteMany({ where: { expiresAt: { lte: now } } }),
      // Reservations of replies that never settled (their instance died) stop counting at expiresAt anyway.
      db.tokenReservation.deleteMany({ where: { expiresAt: { lte: now } } }),
    ]);
  return {
    rateLimits: rateLimits.count,
    emailTokens: emailTokens.count,
    sessions: sessions.count,
    refreshTokens: refreshTokens.count,
    unsentFiles,
    failedLogins: failedLogins.count,
    loginTickets: loginTickets.count,
    tokenReservations: tokenReservations.count,
  };
}
