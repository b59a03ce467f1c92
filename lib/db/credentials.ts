import "server-only";
import type { Db } from "./client";
import { db } from "./client";

export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

interface RevokeInput {
  userId: string;
  exceptSessionId?: string;
  apiKeys?: boolean;
  /** Set together with the revocation (a password change or reset). */
  passwordHash?: string;
}

/**
 * Ends the user's sessions (all but `exceptSessionId`), access tokens (sessionVersion bump) and refresh-token
 * families, and with `apiKeys` every API key, passkey and connected sign-in provider too, in one transaction.
 */
export async function revokeCredentials(input: RevokeInput) {
  await db.$transaction((tx) => revokeCredentialsIn(tx, input));
}

/** `revokeCredentials` inside the caller's transaction, for changes that must go together with it. */
export async function revokeCredentialsIn(tx: Tx, input: RevokeInput) {
  const now = new Date();
  await tx.user.update({
    where: { id: input.userId },
    data: { sessionVersion: { increment: 1 }, ...(input.passwordHash ? { passwordHash: input.passwordHash } : {}) },
  });
  await tx.session.updateMany({
    where: {
      userId: input.userId,
      isActive: true,
      ...(input.exceptSessionId ? { id: { not: input.exceptSessionId } } : {}),
    },
    data: { isActive: false },
  });
  await tx.refreshToken.updateMany({ where: { userId: input.userId, revokedAt: null }, data: { revokedAt: now } });
  if (input.apiKeys) {
    await tx.apiKey.updateMany({ where: { userId: input.userId, isActive: true }, data: { isActive: false } });
    // A passkey signs in without the password: one added by whoever took the account must not survive.
    await tx.passkey.deleteMany({ where: { userId: input.userId } });
    // So does a sign-in provider connected before the address was proven: whoever asserted the email at a
    // provider could otherwise walk back in after the owner reset the password (account pre-hijacking).
    await tx.externalAccount.deleteMany({ where: { userId: input.userId } });
  }
}
