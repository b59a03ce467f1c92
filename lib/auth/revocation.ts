import "server-only";
import { db } from "../db/client";
import { hashPassword } from "./password";

/**
 * Ends the user's sessions (all but `exceptSessionId`), access tokens (sessionVersion bump) and refresh
 * tokens, in one transaction.
 */
export async function revokeCredentials(input: { userId: string; exceptSessionId?: string }) {
  const now = new Date();
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: input.userId }, data: { sessionVersion: { increment: 1 } } });
    await tx.session.updateMany({
      where: {
        userId: input.userId,
        isActive: true,
        ...(input.exceptSessionId ? { id: { not: input.exceptSessionId } } : {}),
      },
      data: { isActive: false },
    });
    await tx.refreshToken.updateMany({ where: { userId: input.userId, revokedAt: null }, data: { revokedAt: now } });
  });
}

/** Sets a new password and ends every other session (every session when no `keepSessionId`). */
export async function changePassword(input: { userId: string; newPassword: string; keepSessionId?: string }) {
  const passwordHash = await hashPassword(input.newPassword);
  await db.user.update({ where: { id: input.userId }, data: { passwordHash } });
  await revokeCredentials({ userId: input.userId, exceptSessionId: input.keepSessionId });
}
