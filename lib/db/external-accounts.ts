import "server-only";
import { db } from "./client";

/** The Parley account connected to a provider's subject, with what sign-in needs to judge it. */
export function findExternalAccount({ provider, subject }: { provider: string; subject: string }) {
  return db.externalAccount.findUnique({
    where: { provider_subject: { provider, subject } },
    select: {
      id: true,
      email: true,
      user: {
        select: {
          id: true,
          email: true,
          username: true,
          isActive: true,
          isSuperuser: true,
          deletedAt: true,
          pendingApproval: true,
        },
      },
    },
  });
}

export function connectExternalAccount(input: {
  userId: string;
  provider: string;
  subject: string;
  email: string | null;
}) {
  return db.externalAccount.create({
    data: { ...input, lastUsedAt: new Date() },
    select: { id: true },
  });
}

export function recordExternalSignIn({ id, email }: { id: string; email: string | null }) {
  return db.externalAccount.update({ where: { id }, data: { email, lastUsedAt: new Date() } });
}

export function listExternalAccounts(userId: string) {
  return db.externalAccount.findMany({
    where: { userId },
    orderBy: { createdAt: "asc" },
    take: 20,
    select: { id: true, provider: true, email: true, lastUsedAt: true, createdAt: true },
  });
}

/**
 * Disconnects a provider unless it is the account's last way in (no password, no passkey, no other provider).
 * Checked and deleted in one transaction, so two concurrent disconnects cannot both pass.
 */
export async function disconnectExternalAccount({
  userId,
  provider,
}: {
  userId: string;
  provider: string;
}): Promise<"disconnected" | "not_found" | "last_way_in"> {
  return db.$transaction(async (tx) => {
    const accounts = await tx.externalAccount.findMany({ where: { userId }, select: { id: true, provider: true } });
    const target = accounts.find((a) => a.provider === provider);
    if (!target) return "not_found";
    const user = await tx.user.findUnique({
      where: { id: userId },
      select: { passwordHash: true, _count: { select: { passkeys: true } } },
    });
    const otherWays = accounts.length - 1 + (user && hasPassword(user) ? 1 : 0) + (user?._count.passkeys ?? 0);
    if (otherWays === 0) return "last_way_in";
    await tx.externalAccount.delete({ where: { id: target.id } });
    return "disconnected";
  });
}

/** Accounts made through a sign-in provider have no password: their hash is empty and never verifies. */
export const NO_PASSWORD = "";

export function hasPassword(user: { passwordHash: string }): boolean {
  return user.passwordHash !== NO_PASSWORD;
}

/**
 * Sets whether the account is an administrator as the provider's groups say; never removes the last active
 * administrator (the site would be left with nobody to run it). Returns what changed.
 */
export async function setSuperuserFromGroups(
  userId: string,
  isSuperuser: boolean,
): Promise<"granted" | "removed" | null> {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { isSuperuser: true } });
    if (!user || user.isSuperuser === isSuperuser) return null;
    if (!isSuperuser) {
      const others = await tx.user.count({
        where: { isSuperuser: true, isActive: true, deletedAt: null, id: { not: userId } },
      });
      if (others === 0) return null;
    }
    await tx.user.update({ where: { id: userId }, data: { isSuperuser } });
    return isSuperuser ? "granted" : "removed";
  });
}

/**
 * Makes the account's roles among `managed` (by name) exactly `wanted`; roles outside `managed` are the
 * admin's to grant and are left alone. Returns the names granted and removed.
 */
export async function syncManagedRoles(input: { userId: string; managed: string[]; wanted: string[] }) {
  const roles = await db.role.findMany({ where: { name: { in: input.managed } }, select: { id: true, name: true } });
  const held = new Set(
    (
      await db.userRole.findMany({
        where: { userId: input.userId, roleId: { in: roles.map((r) => r.id) } },
        select: { roleId: true },
      })
    ).map((r) => r.roleId),
  );
  const wanted = new Set(input.wanted);
  const granted: string[] = [];
  const removed: string[] = [];
  for (const role of roles) {
    if (wanted.has(role.name) && !held.has(role.id)) {
      await db.userRole.upsert({
        where: { userId_roleId: { userId: input.userId, roleId: role.id } },
        create: { userId: input.userId, roleId: role.id },
        update: {},
      });
      granted.push(role.name);
    } else if (!wanted.has(role.name) && held.has(role.id)) {
      await db.userRole.deleteMany({ where: { userId: input.userId, roleId: role.id } });
      removed.push(role.name);
    }
  }
  return { granted, removed };
}

export function usernameTaken(username: string): Promise<boolean> {
  return db.user.count({ where: { username } }).then((n) => n > 0);
}

export function emailInUse(email: string): Promise<boolean> {
  return db.user.count({ where: { email } }).then((n) => n > 0);
}
