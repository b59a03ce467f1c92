import "server-only";
import { AppError } from "../errors";
import { db } from "./client";

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
  lastLoginAt: true,
  createdAt: true,
} as const;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}

/** Creates an account; the very first account becomes the superuser. */
export async function createUser(input: NewUser) {
  try {
    return await db.$transaction(async (tx) => {
      const isFirst = (await tx.user.count()) === 0;
      return tx.user.create({
        data: {
          email: normalizeEmail(input.email),
          username: input.username.trim(),
          passwordHash: input.passwordHash,
          isSuperuser: isFirst,
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

export function recordLogin(userId: string) {
  return db.user.update({ where: { id: userId }, data: { lastLoginAt: new Date() } });
}
