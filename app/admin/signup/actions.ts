"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { z } from "zod";
import { recordAudit } from "@/lib/audit";
import type { AuditAction } from "@/lib/audit-actions";
import { InviteFormSchema, SignupSettingsFormSchema } from "@/lib/auth/admin-schemas";
import { requireSuperuser } from "@/lib/auth/current-user";
import { hashPassword } from "@/lib/auth/password";
import { appOrigin, clientIp } from "@/lib/auth/request-info";
import { type AuthFormState, fieldErrorsOf, SignupSchema } from "@/lib/auth/schemas";
import { createInvite, revokeInvite } from "@/lib/db/invites";
import { saveSignupSettings } from "@/lib/db/settings";
import { approveUser, createUser, rejectPendingUser } from "@/lib/db/users";
import { AppError, isAppError } from "@/lib/errors";
import { log } from "@/lib/log";

export interface InviteFormState extends AuthFormState {
  /** The new invite's link, shown once. */
  link?: string;
}

const Id = z.string().uuid();

function idFrom(formData: FormData, name: string): string {
  const parsed = Id.safeParse(formData.get(name));
  if (!parsed.success) throw new AppError("bad_request", { message: `Missing or invalid ${name}.` });
  return parsed.data;
}

async function audit(
  adminId: string,
  action: AuditAction,
  fields: { subjectId?: string; details?: Record<string, string | number | boolean | null> } = {},
) {
  await recordAudit({ action, actorId: adminId, ip: clientIp(await headers()), ...fields });
}

export async function saveSignupSettingsAction(_prev: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const admin = await requireSuperuser();
  const values = { allowedDomains: String(formData.get("allowedDomains") ?? "").slice(0, 5000) };
  const parsed = SignupSettingsFormSchema.safeParse({
    mode: formData.get("mode"),
    allowedDomains: formData.get("allowedDomains") ?? "",
    requireApproval: formData.get("requireApproval") === "on",
  });
  if (!parsed.success) return { fields: fieldErrorsOf(parsed.error), values };
  await saveSignupSettings(parsed.data);
  log.info("admin.signup_settings_changed", { adminId: admin.id, mode: parsed.data.mode });
  await audit(admin.id, "admin.signup_settings_changed", {
    details: {
      mode: parsed.data.mode,
      allowedDomains: parsed.data.allowedDomains.join(", "),
      requireApproval: parsed.data.requireApproval,
    },
  });
  revalidatePath("/admin/signup");
  return { notice: "Sign-up settings saved." };
}

export async function createInviteAction(_prev: InviteFormState, formData: FormData): Promise<InviteFormState> {
  const admin = await requireSuperuser();
  const values = {
    maxUses: String(formData.get("maxUses") ?? "").slice(0, 10),
    expiresInDays: String(formData.get("expiresInDays") ?? "").slice(0, 10),
    email: String(formData.get("email") ?? "").slice(0, 320),
  };
  const parsed = InviteFormSchema.safeParse({
    maxUses: formData.get("maxUses"),
    expiresInDays: formData.get("expiresInDays"),
    email: formData.get("email") ?? "",
  });
  if (!parsed.success) return { fields: fieldErrorsOf(parsed.error), values };
  const { maxUses, expiresInDays, email } = parsed.data;
  const expiresAt = new Date(Date.now() + expiresInDays * 86_400_000);
  const invite = await createInvite({ maxUses, expiresAt, email, createdById: admin.id });
  log.info("admin.invite_created", { adminId: admin.id, inviteId: invite.id });
  await audit(admin.id, "admin.invite_created", {
    details: { inviteId: invite.id, maxUses, expiresAt: expiresAt.toISOString(), email },
  });
  revalidatePath("/admin/signup");
  return {
    notice: "Invite link created. Copy it now: it will not be shown again.",
    link: `${appOrigin()}/signup?invite=${encodeURIComponent(invite.token)}`,
  };
}

export async function revokeInviteAction(formData: FormData): Promise<void> {
  const admin = await requireSuperuser();
  const inviteId = idFrom(formData, "inviteId");
  if (await revokeInvite(inviteId)) {
    log.info("admin.invite_revoked", { adminId: admin.id, inviteId });
    await audit(admin.id, "admin.invite_revoked", { details: { inviteId } });
  }
  revalidatePath("/admin/signup");
}

export async function approveUserAction(formData: FormData): Promise<void> {
  const admin = await requireSuperuser();
  const userId = idFrom(formData, "userId");
  if (await approveUser(userId)) {
    log.info("admin.user_approved", { adminId: admin.id, userId });
    await audit(admin.id, "admin.user_approved", { subjectId: userId });
  }
  revalidatePath("/admin/signup");
}

export async function rejectUserAction(formData: FormData): Promise<void> {
  const admin = await requireSuperuser();
  const userId = idFrom(formData, "userId");
  const rejected = await rejectPendingUser(userId);
  if (rejected) {
    log.info("admin.user_rejected", { adminId: admin.id, userId });
    await audit(admin.id, "admin.user_rejected", {
      subjectId: userId,
      details: { username: rejected.username, email: rejected.email },
    });
  }
  revalidatePath("/admin/signup");
}

/** Works whatever the sign-up mode: this is how accounts are made when sign-up is closed. */
export async function createAccountAction(_prev: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const admin = await requireSuperuser();
  const values = {
    email: String(formData.get("email") ?? "").slice(0, 320),
    username: String(formData.get("username") ?? "").slice(0, 64),
  };
  const parsed = SignupSchema.safeParse({
    email: formData.get("email"),
    username: formData.get("username"),
    password: formData.get("password"),
  });
  if (!parsed.success) return { fields: fieldErrorsOf(parsed.error), values };
  let user: Awaited<ReturnType<typeof createUser>>;
  try {
    user = await createUser({
      email: parsed.data.email,
      username: parsed.data.username,
      passwordHash: await hashPassword(parsed.data.password),
    });
  } catch (error) {
    if (isAppError(error) && error.kind === "conflict") return { error: error.message, values };
    throw error;
  }
  log.info("admin.user_created", { adminId: admin.id, userId: user.id });
  await audit(admin.id, "admin.user_created", { subjectId: user.id, details: { username: user.username } });
  revalidatePath("/admin");
  return { notice: `Created ${user.username} (${user.email}). Give them the password you chose.` };
}
