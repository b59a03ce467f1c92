import "server-only";
import { hashToken, randomToken } from "../crypto";
import { db } from "./client";

export type EmailTokenPurpose = "verify-email" | "reset-password";

export const EMAIL_TOKEN_TTL_MS: Record<EmailTokenPurpose, number> = {
  "verify-email": 24 * 60 * 60 * 1000,
  "reset-password": 60 * 60 * 1000,
};

/** Creates a single-use token; only its hash is stored, the secret goes into the emailed link. */
export async function createEmailToken(input: { userId: string; purpose: EmailTokenPurpose; email?: string | null }) {
  const token = randomToken(32);
  await db.emailToken.create({
    data: {
      userId: input.userId,
      purpose: input.purpose,
      tokenHash: hashToken(token),
      email: input.email ?? null,
      expiresAt: new Date(Date.now() + EMAIL_TOKEN_TTL_MS[input.purpose]),
    },
  });
  return token;
}

export type ConsumeResult =
  | { ok: true; userId: string; email: string | null }
  | { ok: false; reason: "invalid" | "expired" | "used" };

/** Uses a token once: of two concurrent attempts exactly one succeeds (conditional update, count 1). */
export async function consumeEmailToken(token: string, purpose: EmailTokenPurpose): Promise<ConsumeResult> {
  if (!token || token.length > 200) return { ok: false, reason: "invalid" };
  const record = await db.emailToken.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!record || record.purpose !== purpose) return { ok: false, reason: "invalid" };
  if (record.usedAt) return { ok: false, reason: "used" };
  const now = new Date();
  if (record.expiresAt <= now) return { ok: false, reason: "expired" };
  const { count } = await db.emailToken.updateMany({
    where: { id: record.id, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  if (count !== 1) return { ok: false, reason: "used" };
  return { ok: true, userId: record.userId, email: record.email };
}

/** Voids a user's outstanding tokens of one purpose, e.g. after a reset or an email change. */
export function invalidateEmailTokens(userId: string, purpose: EmailTokenPurpose) {
  return db.emailToken.updateMany({ where: { userId, purpose, usedAt: null }, data: { usedAt: new Date() } });
}
