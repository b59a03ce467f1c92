import "server-only";
import { db } from "./client";
import { revokeCredentialsIn } from "./credentials";

/** The user's TOTP row (enabled or a set-up in progress), or null. */
export function getTotpSecret(userId: string) {
  return db.totpSecret.findUnique({ where: { userId } });
}

export async function isTwoFactorEnabled(userId: string): Promise<boolean> {
  const row = await db.totpSecret.findUnique({ where: { userId }, select: { enabledAt: true } });
  return Boolean(row?.enabledAt);
}

/** Starts (or restarts) a set-up; an enabled secret is never replaced this way. */
export async function saveTotpSetup({ userId, sealedSecret }: { userId: string; sealedSecret: string }) {
  const existing = await db.totpSecret.findUnique({ where: { userId }, select: { enabledAt: true } });
  if (existing?.enabledAt) return false;
  await db.totpSecret.upsert({
    where: { userId },
    create: { userId, secret: sealedSecret },
    update: { secret: sealedSecret, lastUsedStep: null },
  });
  return true;
}

/** Turns the pending set-up on and stores fresh recovery codes, in one transaction. */
export async function enableTotp(input: { userId: string; usedStep: number; recoveryCodeHashes: string[] }) {
  return db.$transaction(async (tx) => {
    const turnedOn = await tx.totpSecret.updateMany({
      where: { userId: input.userId, enabledAt: null },
      data: { enabledAt: new Date(), lastUsedStep: input.usedStep },
    });
    if (turnedOn.count !== 1) return false;
    await tx.recoveryCode.deleteMany({ where: { userId: input.userId } });
    await tx.recoveryCode.createMany({
      data: input.recoveryCodeHashes.map((codeHash) => ({ userId: input.userId, codeHash })),
    });
    return true;
  });
}

/**
 * Records that a code of `step` was accepted. Succeeds only when no code of this step or a later one was
 * accepted before, in one conditional update, so two requests racing with the same code cannot both win.
 */
export async function claimTotpStep({ userId, step }: { userId: string; step: number }): Promise<boolean> {
  const claimed = await db.totpSecret.updateMany({
    where: {
      userId,
      enabledAt: { not: null },
      OR: [{ lastUsedStep: null }, { lastUsedStep: { lt: step } }],
    },
    data: { lastUsedStep: step },
  });
  return claimed.count === 1;
}

/** Marks one unused recovery code used; false when there is none with that hash (or it was used already). */
export async function consumeRecoveryCode({ userId, codeHash }: { userId: string; codeHash: string }) {
  const used = await db.recoveryCode.updateMany({
    where: { userId, codeHash, usedAt: null },
    data: { usedAt: new Date() },
  });
  return used.count > 0;
}

export function countUnusedRecoveryCodes(userId: string) {
  return db.recoveryCode.count({ where: { userId, usedAt: null } });
}

export async function replaceRecoveryCodes({ userId, codeHashes }: { userId: string; codeHashes: string[] }) {
  await db.$transaction([
    db.recoveryCode.deleteMany({ where: { userId } }),
    db.recoveryCode.createMany({ data: codeHashes.map((codeHash) => ({ userId, codeHash })) }),
  ]);
}

/** Turns TOTP off: the secret and every recovery code go. */
export async function deleteTotp(userId: string) {
  await db.$transaction([
    db.recoveryCode.deleteMany({ where: { userId } }),
    db.totpSecret.deleteMany({ where: { userId } }),
  ]);
}

export interface TwoFactorReset {
  hadTotp: boolean;
  recoveryCodes: number;
  passkeys: number;
}

/**
 * An administrator's reset for someone who lost both the authenticator and the recovery codes: the TOTP
 * secret, every recovery code and every passkey go, and every session, access token and refresh-token family
 * ends (a login ticket from before is void too, as it is bound to the session version), in one transaction.
 * The password and the API keys stay. Null when there is no such user.
 */
export async function resetTwoFactor(userId: string): Promise<TwoFactorReset | null> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true } });
    if (!user) return null;
    const recoveryCodes = await tx.recoveryCode.deleteMany({ where: { userId } });
    const totp = await tx.totpSecret.deleteMany({ where: { userId, enabledAt: { not: null } } });
    // A set-up in progress goes as well; it is not counted as two-factor having been on.
    await tx.totpSecret.deleteMany({ where: { userId } });
    const passkeys = await tx.passkey.deleteMany({ where: { userId } });
    await revokeCredentialsIn(tx, { userId });
    return { hadTotp: totp.count > 0, recoveryCodes: recoveryCodes.count, passkeys: passkeys.count };
  });
}
