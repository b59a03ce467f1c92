import "server-only";
import { db } from "./client";

const listSelect = { id: true, name: true, createdAt: true, lastUsedAt: true } as const;

export function listPasskeys(userId: string) {
  return db.passkey.findMany({ where: { userId }, select: listSelect, orderBy: { createdAt: "asc" }, take: 100 });
}

export function listPasskeyDescriptors(userId: string) {
  return db.passkey.findMany({ where: { userId }, select: { credentialId: true, transports: true }, take: 100 });
}

export function createPasskey(input: {
  userId: string;
  name: string;
  credentialId: string;
  publicKey: Uint8Array;
  counter: number;
  transports: string[];
}) {
  return db.passkey.create({
    data: {
      userId: input.userId,
      name: input.name,
      credentialId: input.credentialId,
      publicKey: Buffer.from(input.publicKey),
      counter: BigInt(input.counter),
      transports: input.transports.join(",") || null,
    },
    select: listSelect,
  });
}

export async function deletePasskey({ userId, id }: { userId: string; id: string }): Promise<boolean> {
  return (await db.passkey.deleteMany({ where: { id, userId } })).count > 0;
}

/** For sign-in: the credential the browser presented, with its owner's account state. */
export function findPasskeyByCredentialId(credentialId: string) {
  return db.passkey.findUnique({
    where: { credentialId },
    include: {
      user: { select: { id: true, email: true, username: true, isActive: true, deletedAt: true, isSuperuser: true } },
    },
  });
}

export async function recordPasskeyUse({ id, counter }: { id: string; counter: number }) {
  await db.passkey.update({ where: { id }, data: { counter: BigInt(counter), lastUsedAt: new Date() } });
}

/** A WebAuthn challenge, valid for one ceremony until `expiresAt`. */
export async function saveChallenge(input: {
  userId: string | null;
  purpose: string;
  challenge: string;
  ttlMs: number;
}) {
  await db.webAuthnChallenge.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  await db.webAuthnChallenge.create({
    data: {
      userId: input.userId,
      purpose: input.purpose,
      challenge: input.challenge,
      expiresAt: new Date(Date.now() + input.ttlMs),
    },
  });
}

/** Uses up a challenge: true once for an unexpired challenge of this purpose (and user), false ever after. */
export async function consumeChallenge(input: { challenge: string; purpose: string; userId: string | null }) {
  const used = await db.webAuthnChallenge.deleteMany({
    where: { challenge: input.challenge, purpose: input.purpose, userId: input.userId, expiresAt: { gt: new Date() } },
  });
  return used.count === 1;
}
