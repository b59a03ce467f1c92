import "server-only";
import { hashToken, randomToken } from "../crypto";
import { AppError } from "../errors";
import type { Db } from "./client";
import { db } from "./client";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export const INVITE_PREFIX = "inv_";

export async function createInvite(input: {
  maxUses: number;
  expiresAt: Date;
  email: string | null;
  createdById: string;
}): Promise<{ id: string; token: string }> {
  const token = `${INVITE_PREFIX}${randomToken(24)}`;
  const row = await db.invite.create({
    data: {
      tokenHash: hashToken(token),
      tokenPrefix: token.slice(0, INVITE_PREFIX.length + 6),
      email: input.email,
      maxUses: input.maxUses,
      remainingUses: input.maxUses,
      expiresAt: input.expiresAt,
      createdById: input.createdById,
    },
    select: { id: true },
  });
  return { id: row.id, token };
}

export function listInvites() {
  return db.invite.findMany({ orderBy: { createdAt: "desc" }, take: 100 });
}

export async function revokeInvite(id: string): Promise<boolean> {
  const { count } = await db.invite.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
  return count === 1;
}

export type InviteProblem = "unknown" | "revoked" | "expired" | "used_up" | "wrong_email";

/** Why this token cannot be used (by this email, when given) right now, or null when it can. */
export async function checkInvite(
  token: string,
  email?: string,
  now = new Date(),
  client: Tx | Db = db,
): Promise<InviteProblem | null> {
  const invite = await client.invite.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!invite) return "unknown";
  if (invite.revokedAt) return "revoked";
  if (invite.expiresAt <= now) return "expired";
  if (invite.remainingUses <= 0) return "used_up";
  if (email !== undefined && invite.email && invite.email !== email) return "wrong_email";
  return null;
}

export const INVITE_PROBLEMS: Record<InviteProblem, string> = {
  unknown: "This invite link is not valid. Ask whoever sent it for a new one.",
  revoked: "This invite link was withdrawn. Ask whoever sent it for a new one.",
  expired: "This invite link has expired. Ask whoever sent it for a new one.",
  used_up: "This invite link has been used as many times as it allows.",
  wrong_email: "This invite link is for a different email address.",
};

/**
 * Takes one use of the invite inside the sign-up's transaction: a conditional decrement, so two sign-ups
 * racing for the last use cannot both get it (the loser's transaction, and its account, roll back).
 */
export async function consumeInvite(tx: Tx, token: string, email: string, now = new Date()): Promise<void> {
  const { count } = await tx.invite.updateMany({
    where: {
      tokenHash: hashToken(token),
      revokedAt: null,
      expiresAt: { gt: now },
      remainingUses: { gt: 0 },
      OR: [{ email: null }, { email }],
    },
    data: { remainingUses: { decrement: 1 } },
  });
  if (count === 1) return;
  const problem = (await checkInvite(token, email, now, tx)) ?? "used_up";
  throw new AppError(`forbidden:invite_${problem}`, { message: INVITE_PROBLEMS[problem] });
}
