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

export interface ProgramSession {
  familyId: string;
  signedInAt: Date;
  lastRefreshedAt: Date;
  expiresAt: Date;
}

/**
 * The user's live refresh-token families (programs signed in through the token endpoint), newest first:
 * a family is live while its newest token is unused, unrevoked and unexpired.
 */
export async function listProgramSessions(userId: string, limit = 50): Promise<ProgramSession[]> {
  const live = await db.refreshToken.findMany({
    where: { userId, usedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: { familyId: true, createdAt: true, expiresAt: true },
  });
  const firsts = await db.refreshToken.groupBy({
    by: ["familyId"],
    where: { userId, familyId: { in: live.map((t) => t.familyId) } },
    _min: { createdAt: true },
  });
  const signedIn = new Map(firsts.map((f) => [f.familyId, f._min.createdAt]));
  return live.map((t) => ({
    familyId: t.familyId,
    signedInAt: signedIn.get(t.familyId) ?? t.createdAt,
    lastRefreshedAt: t.createdAt,
    expiresAt: t.expiresAt,
  }));
}

/** Ends one of the user's token families; false when it is not theirs or already ended. */
export async function revokeProgramSession({ userId, familyId }: { userId: string; familyId: string }) {
  const { count } = await db.refreshToken.updateMany({
    where: { userId, familyId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return count > 0;
}
