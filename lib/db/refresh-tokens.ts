import "server-only";
import { db } from "./client";

export function createRefreshToken(input: { userId: string; tokenHash: string; familyId: string; expiresAt: Date }) {
  return db.refreshToken.create({ data: input });
}

export function findRefreshToken(tokenHash: string) {
  return db.refreshToken.findUnique({ where: { tokenHash }, include: { user: true } });
}

/** Marks a token used; false when it was already used (a concurrent or replayed refresh). */
export async function markRefreshTokenUsed(id: string): Promise<boolean> {
  const { count } = await db.refreshToken.updateMany({
    where: { id, usedAt: null, revokedAt: null },
    data: { usedAt: new Date() },
  });
  return count === 1;
}

export function revokeRefreshFamily(familyId: string) {
  return db.refreshToken.updateMany({ where: { familyId, revokedAt: null }, data: { revokedAt: new Date() } });
}

export async function isRefreshFamilyRevoked(familyId: string): Promise<boolean> {
  return (await db.refreshToken.count({ where: { familyId, revokedAt: { not: null } } })) > 0;
}

export function revokeAllRefreshTokens(userId: string) {
  return db.refreshToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
}
