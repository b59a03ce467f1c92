import "server-only";
import { AppError } from "../errors";
import { containsInsensitive, db, dialect } from "./client";
import { consumeInvite } from "./invites";
import { isUniqueViolation } from "./unique-violation";

export interface NewUser {
  email: string;
  username: string;
  passwordHash: string;
}

export const publicUserSelect = {
  id: true,
  email: true,
  username: true,
  fullName: true,
  bio: true,
  isActive: true,
  isSuperuser: true,
  emailVerifiedAt: true,
  mustVerifyEmail: true,
  lastLoginAt: true,
  createdAt: true,
} as const;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

const FIRST_USER_LOCK = 7_283_001;

export interface CreateUserOptions {
  /** Sign-up needs an admin's approval: the account cannot sign in until then. */
  pendingApproval?: boolean;
  /** Takes one use of this invite in the same transaction (no account without the use, and vice versa). */
  inviteToken?: string;
  /** Signed up under the allowed-email-domains rule: the account cannot sign in until its address is verified. */
  mustVerifyEmail?: boolean;
}

/** Creates an account; the very first account becomes the superuser (and is never left pending). */
export async function createUser(input: NewUser, options: CreateUserOptions = {}) {
  try {
    return await db.$transaction(async (tx) => {
      if (options.inviteToken) await consumeInvite(tx, options.inviteToken, normalizeEmail(input.email));
      let isFirst = (await tx.user.count()) === 0;
      if (isFirst && dialect === "postgresql") {
        // Concurrent first sign-ups would all count zero: the one that holds this lock decides, the others
        // count again after it commits. (SQLite runs one write transaction at a time already.)
        await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(${FIRST_USER_LOCK})`;
        isFirst = (await tx.user.count()) === 0;
      }
      return tx.user.create({
        data: {
          email: normalizeEmail(input.email),
          username: input.username.trim(),
          passwordHash: input.passwordHash,
          isSuperuser: isFirst,
          pendingApproval: !isFirst && options.pendingApproval === true,
          mustVerifyEmail: !isFirst && options.mustVerifyEmail === true,
        },
        select: publicUserSelect,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError("conflict:user", { message: "That email or username is already taken." });
    throw error;
  }
}

/** Finds a live account by email (any case) or username, for sign-in. */
export function findUserByLogin(login: string) {
  const value = login.trim();
  return db.user.findFirst({
    where: {
      deletedAt: null,
      OR: [{ email: normalizeEmail(value) }, { username: value }],
    },
  });
}

export function getUserById(id: string) {
  return db.user.findFirst({ where: { id, deletedAt: null }, select: publicUserSelect });
}

/** What an access token is checked against: the account's state and its session version. */
export function getUserAuthState(id: string) {
  return db.user.findUnique({
    where: { id },
    select: {
      id: true,
      isActive: true,
      deletedAt: true,
      sessionVersion: true,
      isSuperuser: true,
      mustVerifyEmail: true,
      emailVerifiedAt: true,
    },
  });
}

export function recordLogin(userId: string) {
  return db.user.update({ where: { id: userId }, data: { lastLoginAt: new Date() } });
}

/** The full row (with the password hash) for re-authentication in settings; never send it to a client. */
export function getUserWithSecret(id: string) {
  return db.user.findFirst({ where: { id, deletedAt: null } });
}

export function findUserByEmail(email: string) {
  return db.user.findFirst({ where: { email: normalizeEmail(email), deletedAt: null } });
}

export async function updateProfile(input: {
  userId: string;
  fullName: string | null;
  bio: string | null;
  username: string;
}) {
  try {
    return await db.user.update({
      where: { id: input.userId },
      data: { fullName: input.fullName, bio: input.bio, username: input.username.trim() },
      select: publicUserSelect,
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict:username", { message: "That username is taken." });
    throw error;
  }
}

/** Marks the current address verified, or switches to a newly verified one (an email change). */
export async function markEmailVerified(userId: string, newEmail: string | null) {
  try {
    return await db.user.update({
      where: { id: userId },
      data: { emailVerifiedAt: new Date(), ...(newEmail ? { email: normalizeEmail(newEmail) } : {}) },
      select: publicUserSelect,
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError("conflict:email", { message: "That email address now belongs to another account." });
    throw error;
  }
}

export async function emailTaken(email: string, exceptUserId: string): Promise<boolean> {
  return (await db.user.count({ where: { email: normalizeEmail(email), id: { not: exceptUserId } } })) > 0;
}

/** What an admin is told before and after deleting an account. */
export function getUserDeletionSummary(userId: string) {
  return db.user.findFirst({
    where: { id: userId },
    select: { id: true, username: true, email: true, _count: { select: { conversations: true } } },
  });
}

/**
 * Deletes the row; the schema cascades sessions, tokens, keys, conversations and messages. Direct messages
 * stay with the other person (from/to a deleted user) until both people are deleted.
 */
export async function deleteUser(userId: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.user.deleteMany({ where: { id: userId } });
    await tx.directMessage.deleteMany({ where: { senderId: null, recipientId: null } });
    return count === 1;
  });
}

export const ADMIN_PAGE_SIZE = 20;

export async function listUsers({ query, page }: { query?: string; page: number }) {
  const q = query?.trim();
  const where = q ? { OR: [{ email: containsInsensitive(q) }, { username: containsInsensitive(q) }] } : {};
  const [users, total] = await Promise.all([
    db.user.findMany({
      where,
      orderBy: { createdAt: "asc" },
      skip: (page - 1) * ADMIN_PAGE_SIZE,
      take: ADMIN_PAGE_SIZE,
      select: {
        ...publicUserSelect,
        pendingApproval: true,
        roles: { select: { role: { select: { id: true, name: true } } } },
        // Whether an admin's "Reset two-factor login" has anything to remove.
        totp: { select: { enabledAt: true } },
        _count: { select: { passkeys: true } },
      },
    }),
    db.user.count({ where }),
  ]);
  return { users, total, pages: Math.max(1, Math.ceil(total / ADMIN_PAGE_SIZE)) };
}

export async function setUserActive({ userId, isActive }: { userId: string; isActive: boolean }): Promise<boolean> {
  const { count } = await db.user.updateMany({ where: { id: userId }, data: { isActive } });
  return count === 1;
}

/** Creates or promotes a superuser (the admin:create script). */
export async function upsertSuperuser(input: NewUser) {
  const email = normalizeEmail(input.email);
  const existing = await db.user.findFirst({ where: { OR: [{ email }, { username: input.username.trim() }] } });
  if (existing) {
    return {
      created: false,
      user: await db.user.update({
        where: { id: existing.id },
        data: { isSuperuser: true, isActive: true },
        select: publicUserSelect,
      }),
    };
  }
  const user = await db.user.create({
    data: { email, username: input.username.trim(), passwordHash: input.passwordHash, isSuperuser: true },
    select: publicUserSelect,
  });
  return { created: true, user };
}

/** Sign-ups waiting for an admin's approval, oldest first. */
export function listPendingUsers() {
  return db.user.findMany({
    where: { pendingApproval: true, deletedAt: null },
    orderBy: { createdAt: "asc" },
    take: 200,
    select: { id: true, email: true, username: true, createdAt: true },
  });
}

export async function approveUser(userId: string): Promise<boolean> {
  const { count } = await db.user.updateMany({
    where: { id: userId, pendingApproval: true },
    data: { pendingApproval: false },
  });
  return count === 1;
}

/** A rejected sign-up is deleted (the audit log keeps who it was), so the address can sign up again later. */
export async function rejectPendingUser(userId: string) {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findFirst({
      where: { id: userId, pendingApproval: true },
      select: { id: true, email: true, username: true },
    });
    if (user) await tx.user.delete({ where: { id: user.id } });
    return user;
  });
}
