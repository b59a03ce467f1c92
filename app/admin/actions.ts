"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { auditAction, formAction, formList, formText, refusal, submitAction, success } from "@/lib/action";
import { listModels } from "@/lib/ai/providers";
import { RolePermissionsFormSchema, RoleSchema } from "@/lib/auth/admin-schemas";
import { revokeCredentials } from "@/lib/db/credentials";
import { createRole, deleteRole, grantRole, removeRole, updateRolePermissions } from "@/lib/db/roles";
import { resetTwoFactor } from "@/lib/db/two-factor";
import { deleteUser, getUserDeletionSummary, setUserActive } from "@/lib/db/users";
import { AppError, isAppError } from "@/lib/errors";
import { log } from "@/lib/log";

// Every action here is for superusers only; the wrapper refuses anyone else before the body runs.
const admin = { access: "superuser" } as const;

const idOf = (name: string) => z.string().uuid({ message: `Missing or invalid ${name}.` });
const UserInput = z.object({ userId: idOf("userId") });
const UserRoleInput = z.object({ userId: idOf("userId"), roleId: idOf("roleId") });

function notSelf(adminId: string, userId: string) {
  if (adminId === userId) throw new AppError("forbidden:self", { message: "You cannot do that to your own account." });
}

export const setActiveAction = submitAction(
  { ...admin, name: "admin.setActive", input: UserInput.extend({ active: z.unknown() }) },
  async ({ userId, active }, user) => {
    notSelf(user.id, userId);
    const isActive = active === "true";
    await setUserActive({ userId, isActive });
    // The session and key checks refuse an inactive user anyway; revoking also keeps a later
    // reactivation from bringing old sessions back.
    if (!isActive) await revokeCredentials({ userId });
    log.info("admin.user_active", { adminId: user.id, userId, isActive });
    await auditAction(user, isActive ? "admin.user_activated" : "admin.user_deactivated", { subjectId: userId });
    revalidatePath("/admin");
  },
);

/** Deleting asks for the username typed out, and says what was deleted and what stays. */
export const removeUserAction = formAction(
  {
    ...admin,
    name: "admin.removeUser",
    input: UserInput.extend({ confirmUsername: formText(z.string().transform((v) => v.trim().slice(0, 100))) }),
  },
  async ({ userId, confirmUsername: typed }, user) => {
    notSelf(user.id, userId);
    const doomed = await getUserDeletionSummary(userId);
    if (!doomed) return refusal("That account no longer exists.");
    if (typed !== doomed.username) {
      return refusal(
        { confirmUsername: `Type ${doomed.username} to confirm.` },
        { values: { confirmUsername: typed } },
      );
    }
    await deleteUser(userId);
    log.info("admin.user_deleted", { adminId: user.id, userId });
    await auditAction(user, "admin.user_deleted", {
      subjectId: userId,
      // No email: the record outlives the account, and its owner asked to be forgotten.
      details: { username: doomed.username },
    });
    // No revalidation: the row stays (saying what was deleted) until the admin reloads the list.
    const conversations = doomed._count.conversations;
    return success(null, {
      notice:
        `Deleted ${doomed.username} (${doomed.email}): the account, its sessions, API keys and ` +
        `${conversations} conversation${conversations === 1 ? "" : "s"}. Direct messages they exchanged stay with the other people.`,
    });
  },
);

/**
 * For someone who lost both the authenticator and the recovery codes: removes their TOTP secret, recovery codes
 * and passkeys and logs them out everywhere, so the password alone signs them in and they can set it up again
 * (an administrator's two-factor requirement then sends them straight to the set-up).
 */
export const resetTwoFactorLoginAction = formAction(
  { ...admin, name: "admin.resetTwoFactor", input: UserInput },
  async ({ userId }, user) => {
    notSelf(user.id, userId);
    const reset = await resetTwoFactor(userId);
    if (!reset) return refusal("That account no longer exists.");
    log.info("admin.two_factor_reset", { adminId: user.id, userId, ...reset });
    await auditAction(user, "admin.two_factor_reset", {
      subjectId: userId,
      details: {
        authenticator: reset.hadTotp ? "removed" : "none",
        recoveryCodes: String(reset.recoveryCodes),
        passkeys: String(reset.passkeys),
      },
    });
    revalidatePath("/admin");
    return success(null, { notice: resetNotice(reset) });
  },
);

function resetNotice(reset: { hadTotp: boolean; recoveryCodes: number; passkeys: number }): string {
  const removed = [
    reset.hadTotp ? "the authenticator app" : "",
    reset.recoveryCodes ? plural(reset.recoveryCodes, "recovery code") : "",
    reset.passkeys ? plural(reset.passkeys, "passkey") : "",
  ].filter(Boolean);
  const list = removed.length > 1 ? `${removed.slice(0, -1).join(", ")} and ${removed.at(-1)}` : removed[0];
  const what = list ? `Removed ${list}` : "There was no two-factor login to remove";
  return `${what}, and logged them out everywhere. They can now sign in with their password and set it up again.`;
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

export const grantRoleAction = submitAction(
  { ...admin, name: "admin.grant", input: UserRoleInput },
  async ({ userId, roleId }, user) => {
    await grantRole({ userId, roleId });
    log.info("admin.role_granted", { adminId: user.id, userId, roleId });
    await auditAction(user, "admin.role_granted", { subjectId: userId, details: { roleId } });
    revalidatePath("/admin");
  },
);

export const revokeRoleAction = submitAction(
  { ...admin, name: "admin.revoke", input: UserRoleInput },
  async ({ userId, roleId }, user) => {
    await removeRole({ userId, roleId });
    log.info("admin.role_removed", { adminId: user.id, userId, roleId });
    await auditAction(user, "admin.role_removed", { subjectId: userId, details: { roleId } });
    revalidatePath("/admin");
  },
);

export const addRoleAction = formAction(
  {
    ...admin,
    name: "admin.addRole",
    input: z.object({ name: RoleSchema.shape.name, description: formText(RoleSchema.shape.description) }),
    keep: { name: 100, description: 300 },
  },
  async (role, user) => {
    try {
      await createRole(role);
    } catch (error) {
      if (isAppError(error) && error.kind === "conflict") return refusal({ name: error.message });
      throw error;
    }
    log.info("admin.role_created", { adminId: user.id, name: role.name });
    await auditAction(user, "admin.role_created", { details: { name: role.name } });
    revalidatePath("/admin");
    return success(null, { notice: `Role "${role.name}" created.` });
  },
);

export const dropRoleAction = submitAction(
  { ...admin, name: "admin.dropRole", input: z.object({ roleId: idOf("roleId") }) },
  async ({ roleId }, user) => {
    await deleteRole(roleId);
    log.info("admin.role_deleted", { adminId: user.id, roleId });
    await auditAction(user, "admin.role_deleted", { details: { roleId } });
    revalidatePath("/admin");
  },
);

/** An optional whole-number limit field: empty means none (or the server default). */
const OptionalLimit = formText(
  z
    .string()
    .trim()
    .transform((text) => (text ? Number(text) : null))
    .refine((n) => n === null || Number.isInteger(n), "Enter a whole number, or leave it empty."),
);

/** A role's permissions: models (all, or a list), per-minute and per-day limits, API keys and share links. */
export const saveRolePermissionsAction = formAction(
  {
    ...admin,
    name: "admin.saveRolePermissions",
    input: z.object({
      roleId: idOf("roleId"),
      // Checkboxes are absent from the form data when not ticked.
      allModels: z.string().optional(),
      models: formList(z.array(z.string().max(200)).max(200)),
      messagesPerMinute: OptionalLimit,
      tokensPerDay: OptionalLimit,
      canCreateApiKeys: z.string().optional(),
      canShareLinks: z.string().optional(),
    }),
    keep: { messagesPerMinute: 12, tokensPerDay: 12 },
  },
  async (input, user) => {
    const parsed = RolePermissionsFormSchema.safeParse({
      allowedModels: input.allModels === "on" ? null : input.models,
      messagesPerMinute: input.messagesPerMinute,
      tokensPerDay: input.tokensPerDay,
      canCreateApiKeys: input.canCreateApiKeys === "on",
      canShareLinks: input.canShareLinks === "on",
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return refusal({ [String(issue?.path[0] ?? "allowedModels")]: issue?.message });
    }
    const known = new Set((await listModels()).map((m) => m.id));
    const models = parsed.data.allowedModels?.filter((id) => known.has(id)) ?? null;
    if (models !== null && models.length === 0) {
      return refusal({ allowedModels: "Choose at least one model, or allow all models." });
    }
    await updateRolePermissions(input.roleId, { ...parsed.data, allowedModels: models });
    log.info("admin.role_updated", { adminId: user.id, roleId: input.roleId });
    await auditAction(user, "admin.role_updated", {
      details: {
        roleId: input.roleId,
        models: models ? models.join(", ") : "all",
        messagesPerMinute: String(parsed.data.messagesPerMinute ?? "server default"),
        tokensPerDay: String(parsed.data.tokensPerDay ?? "no limit"),
        canCreateApiKeys: String(parsed.data.canCreateApiKeys),
        canShareLinks: String(parsed.data.canShareLinks),
      },
    });
    revalidatePath("/admin");
    revalidatePath(`/admin/roles/${input.roleId}`);
    return success(null, { notice: "Permissions saved. They apply from the next message." });
  },
);
