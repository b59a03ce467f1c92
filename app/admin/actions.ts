"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { z } from "zod";
import { requireSuperuser } from "@/lib/auth/current-user";
import { RolePermissionsFormSchema, RoleSchema } from "@/lib/auth/admin-schemas";
import { listModels } from "@/lib/ai/providers";
import { revokeCredentials } from "@/lib/db/credentials";
import { type AuthFormState, fieldErrorsOf } from "@/lib/auth/schemas";
import { createRole, deleteRole, grantRole, removeRole, updateRolePermissions } from "@/lib/db/roles";
import { recordAudit } from "@/lib/audit";
import { clientIp } from "@/lib/auth/request-info";
import { deleteUser, getUserDeletionSummary, setUserActive } from "@/lib/db/users";
import { AppError, isAppError } from "@/lib/errors";
import { log } from "@/lib/log";

const Id = z.string().uuid();

function idFrom(formData: FormData, name: string): string {
  const parsed = Id.safeParse(formData.get(name));
  if (!parsed.success) throw new AppError("bad_request", { message: `Missing or invalid ${name}.` });
  return parsed.data;
}

async function audit(adminId: string, action: Parameters<typeof recordAudit>[0]["action"], fields: AuditFields) {
  await recordAudit({ action, actorId: adminId, ip: clientIp(await headers()), ...fields });
}

type AuditFields = { subjectId?: string; details?: Record<string, string> };

function notSelf(adminId: string, userId: string) {
  if (adminId === userId) throw new AppError("forbidden:self", { message: "You cannot do that to your own account." });
}

export async function setActive(formData: FormData): Promise<void> {
  const admin = await requireSuperuser();
  const userId = idFrom(formData, "userId");
  notSelf(admin.id, userId);
  const isActive = formData.get("active") === "true";
  await setUserActive({ userId, isActive });
  // The session and key checks refuse an inactive user anyway; revoking also keeps a later
  // reactivation from bringing old sessions back.
  if (!isActive) await revokeCredentials({ userId });
  log.info("admin.user_active", { adminId: admin.id, userId, isActive });
  await audit(admin.id, isActive ? "admin.user_activated" : "admin.user_deactivated", { subjectId: userId });
  revalidatePath("/admin");
}

/** Deleting asks for the username typed out, and says what was deleted and what stays. */
export async function removeUser(_prev: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const admin = await requireSuperuser();
  const userId = idFrom(formData, "userId");
  notSelf(admin.id, userId);
  const user = await getUserDeletionSummary(userId);
  if (!user) return { error: "That account no longer exists." };
  const typed = String(formData.get("confirmUsername") ?? "")
    .trim()
    .slice(0, 100);
  if (typed !== user.username) {
    return { fields: { confirmUsername: `Type ${user.username} to confirm.` }, values: { confirmUsername: typed } };
  }
  await deleteUser(userId);
  log.info("admin.user_deleted", { adminId: admin.id, userId });
  await audit(admin.id, "admin.user_deleted", {
    subjectId: userId,
    details: { username: user.username, email: user.email },
  });
  // No revalidation: the row stays (saying what was deleted) until the admin reloads the list.
  const conversations = user._count.conversations;
  return {
    notice:
      `Deleted ${user.username} (${user.email}): the account, its sessions, API keys and ` +
      `${conversations} conversation${conversations === 1 ? "" : "s"}. Direct messages they exchanged stay with the other people.`,
  };
}

export async function grant(formData: FormData): Promise<void> {
  const admin = await requireSuperuser();
  const userId = idFrom(formData, "userId");
  const roleId = idFrom(formData, "roleId");
  await grantRole({ userId, roleId });
  log.info("admin.role_granted", { adminId: admin.id, userId, roleId });
  await audit(admin.id, "admin.role_granted", { subjectId: userId, details: { roleId } });
  revalidatePath("/admin");
}

export async function revoke(formData: FormData): Promise<void> {
  const admin = await requireSuperuser();
  const userId = idFrom(formData, "userId");
  const roleId = idFrom(formData, "roleId");
  await removeRole({ userId, roleId });
  log.info("admin.role_removed", { adminId: admin.id, userId, roleId });
  await audit(admin.id, "admin.role_removed", { subjectId: userId, details: { roleId } });
  revalidatePath("/admin");
}

export async function addRole(_prev: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const admin = await requireSuperuser();
  const values = {
    name: String(formData.get("name") ?? "").slice(0, 100),
    description: String(formData.get("description") ?? "").slice(0, 300),
  };
  const parsed = RoleSchema.safeParse({ name: formData.get("name"), description: formData.get("description") ?? "" });
  if (!parsed.success) return { fields: fieldErrorsOf(parsed.error), values };
  try {
    await createRole(parsed.data);
  } catch (error) {
    if (isAppError(error) && error.kind === "conflict") return { fields: { name: error.message }, values };
    throw error;
  }
  log.info("admin.role_created", { adminId: admin.id, name: parsed.data.name });
  await audit(admin.id, "admin.role_created", { details: { name: parsed.data.name } });
  revalidatePath("/admin");
  return { notice: `Role "${parsed.data.name}" created.` };
}

export async function dropRole(formData: FormData): Promise<void> {
  const admin = await requireSuperuser();
  const roleId = idFrom(formData, "roleId");
  await deleteRole(roleId);
  log.info("admin.role_deleted", { adminId: admin.id, roleId });
  await audit(admin.id, "admin.role_deleted", { details: { roleId } });
  revalidatePath("/admin");
}

function optionalLimit(value: FormDataEntryValue | null): number | null | "invalid" {
  const text = String(value ?? "").trim();
  if (!text) return null;
  const number = Number(text);
  return Number.isInteger(number) ? number : "invalid";
}

/** A role's permissions: models (all, or a list), per-minute and per-day limits, API keys and share links. */
export async function saveRolePermissions(_prev: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const admin = await requireSuperuser();
  const roleId = idFrom(formData, "roleId");
  const values = {
    messagesPerMinute: String(formData.get("messagesPerMinute") ?? "").slice(0, 12),
    tokensPerDay: String(formData.get("tokensPerDay") ?? "").slice(0, 12),
  };
  const perMinute = optionalLimit(formData.get("messagesPerMinute"));
  const perDay = optionalLimit(formData.get("tokensPerDay"));
  if (perMinute === "invalid" || perDay === "invalid") {
    return {
      fields: {
        ...(perMinute === "invalid" ? { messagesPerMinute: "Enter a whole number, or leave it empty." } : {}),
        ...(perDay === "invalid" ? { tokensPerDay: "Enter a whole number, or leave it empty." } : {}),
      },
      values,
    };
  }
  const allModels = formData.get("allModels") === "on";
  const parsed = RolePermissionsFormSchema.safeParse({
    allowedModels: allModels ? null : formData.getAll("models").map(String),
    messagesPerMinute: perMinute,
    tokensPerDay: perDay,
    canCreateApiKeys: formData.get("canCreateApiKeys") === "on",
    canShareLinks: formData.get("canShareLinks") === "on",
  });
  if (!parsed.success) return { fields: fieldErrorsOf(parsed.error), values };
  const known = new Set(listModels().map((m) => m.id));
  const models = parsed.data.allowedModels?.filter((id) => known.has(id)) ?? null;
  if (models !== null && models.length === 0) {
    return { fields: { allowedModels: "Choose at least one model, or allow all models." }, values };
  }
  await updateRolePermissions(roleId, { ...parsed.data, allowedModels: models });
  log.info("admin.role_updated", { adminId: admin.id, roleId });
  await audit(admin.id, "admin.role_updated", {
    details: {
      roleId,
      models: models ? models.join(", ") : "all",
      messagesPerMinute: String(parsed.data.messagesPerMinute ?? "server default"),
      tokensPerDay: String(parsed.data.tokensPerDay ?? "no limit"),
      canCreateApiKeys: String(parsed.data.canCreateApiKeys),
      canShareLinks: String(parsed.data.canShareLinks),
    },
  });
  revalidatePath("/admin");
  revalidatePath(`/admin/roles/${roleId}`);
  return { notice: "Permissions saved. They apply from the next message." };
}
