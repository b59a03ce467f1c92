import "server-only";
import { AppError } from "../errors";
import { db } from "./client";

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}

export function listRoles() {
  return db.role.findMany({
    orderBy: { name: "asc" },
    take: 200,
    select: { id: true, name: true, description: true, _count: { select: { users: true } } },
  });
}

export async function createRole(input: { name: string; description: string | null }) {
  try {
    return await db.role.create({ data: { name: input.name.trim(), description: input.description } });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict:role", { message: "A role with that name exists." });
    throw error;
  }
}

export async function deleteRole(id: string): Promise<boolean> {
  const { count } = await db.role.deleteMany({ where: { id } });
  return count === 1;
}

/** Grants a role; granting one the user already has is a no-op. */
export async function grantRole({ userId, roleId }: { userId: string; roleId: string }) {
  const [user, role] = await Promise.all([
    db.user.findUnique({ where: { id: userId }, select: { id: true } }),
    db.role.findUnique({ where: { id: roleId }, select: { id: true } }),
  ]);
  if (!user) throw new AppError("not_found:user", { message: "That user does not exist." });
  if (!role) throw new AppError("not_found:role", { message: "That role does not exist." });
  await db.userRole.upsert({ where: { userId_roleId: { userId, roleId } }, create: { userId, roleId }, update: {} });
}

export async function removeRole({ userId, roleId }: { userId: string; roleId: string }): Promise<boolean> {
  const { count } = await db.userRole.deleteMany({ where: { userId, roleId } });
  return count === 1;
}
