import "server-only";
import { AppError } from "../errors";
import { db } from "./client";
import { Prisma } from "./generated/sqlite/client";
import { placeholder, rawBoolean, rawJson } from "./raw";
import { isUniqueViolation } from "./unique-violation";

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
  // The default role is what people without a role get: it can be edited, not deleted.
  const { count } = await db.role.deleteMany({ where: { id, name: { not: DEFAULT_ROLE } } });
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

export const DEFAULT_ROLE = "default";

export const rolePermissionSelect = {
  id: true,
  name: true,
  allowedModels: true,
  messagesPerMinute: true,
  tokensPerDay: true,
  canCreateApiKeys: true,
  canShareLinks: true,
} as const;

/** The "default" role (what people without a role get), created with full permissions on first use. */
export async function getDefaultRole() {
  const found = await db.role.findUnique({ where: { name: DEFAULT_ROLE }, select: rolePermissionSelect });
  if (found) return found;
  try {
    return await db.role.create({
      data: { name: DEFAULT_ROLE, description: "What people without a role may do." },
      select: rolePermissionSelect,
    });
  } catch (error) {
    // Another request created it first.
    if (isUniqueViolation(error))
      return db.role.findUniqueOrThrow({ where: { name: DEFAULT_ROLE }, select: rolePermissionSelect });
    throw error;
  }
}

const rolePermissionColumns = `r.id, r.name, r."allowedModels", r."messagesPerMinute", r."tokensPerDay",
  r."canCreateApiKeys", r."canShareLinks"`;

/**
 * The roles whose permissions apply to a user, in one round trip (every message sent reads this): the roles
 * they hold, or the "default" role when they hold none. Empty only before the default role exists.
 */
export async function getEffectiveRolePermissions(userId: string) {
  const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(
    `SELECT * FROM (
       SELECT ${rolePermissionColumns} FROM "UserRole" ur JOIN "Role" r ON r.id = ur."roleId"
       WHERE ur."userId" = ${placeholder(1)} LIMIT 50
     ) held
     UNION ALL
     SELECT ${rolePermissionColumns} FROM "Role" r
     WHERE r.name = ${placeholder(2)}
       AND NOT EXISTS (SELECT 1 FROM "UserRole" ur WHERE ur."userId" = ${placeholder(3)})`,
    // In the order they appear: SQLite's placeholders are positional.
    userId,
    DEFAULT_ROLE,
    userId,
  );
  const number = (value: unknown) => (value === null || value === undefined ? null : Number(value));
  return rows.map((row) => ({
    id: String(row.id),
    name: String(row.name),
    allowedModels: (row.allowedModels === null ? null : rawJson(row.allowedModels)) as Prisma.JsonValue,
    messagesPerMinute: number(row.messagesPerMinute),
    tokensPerDay: number(row.tokensPerDay),
    canCreateApiKeys: rawBoolean(row.canCreateApiKeys),
    canShareLinks: rawBoolean(row.canShareLinks),
  }));
}

export async function updateRolePermissions(
  id: string,
  input: {
    allowedModels: string[] | null;
    messagesPerMinute: number | null;
    tokensPerDay: number | null;
    canCreateApiKeys: boolean;
    canShareLinks: boolean;
  },
) {
  const { count } = await db.role.updateMany({
    where: { id },
    data: { ...input, allowedModels: input.allowedModels ?? Prisma.DbNull },
  });
  if (count !== 1) throw new AppError("not_found:role", { message: "That role does not exist." });
}

export function getRoleWithPermissions(id: string) {
  return db.role.findUnique({ where: { id }, select: { ...rolePermissionSelect, description: true } });
}
