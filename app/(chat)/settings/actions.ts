"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { signOut } from "@/lib/auth/config";
import { requireUser } from "@/lib/auth/current-user";
import { sendVerificationEmail } from "@/lib/auth/email-flows";
import {
  checkCurrentPassword,
  createApiKeyWithPassword,
  endOtherSessions as endOtherSessionsAndPrograms,
  logOutProgram,
} from "@/lib/auth/account-security";
import { appOrigin, clientIp } from "@/lib/auth/request-info";
import { changePassword } from "@/lib/auth/revocation";
import { type AuthFormState, fieldErrorsOf } from "@/lib/auth/schemas";
import { ApiKeyCreateSchema, IdSchema, PasswordChangeSchema, ProfileSchema } from "@/lib/auth/settings-schemas";
import { revokeApiKey } from "@/lib/db/api-keys";
import { revokeSession } from "@/lib/db/sessions";
import { deleteUser, emailTaken, normalizeEmail, updateProfile } from "@/lib/db/users";
import { recordAudit } from "@/lib/audit";
import { isAppError } from "@/lib/errors";
import { log } from "@/lib/log";

async function signedInUser() {
  try {
    return await requireUser();
  } catch {
    redirect("/login");
  }
}

export async function saveProfile(_prev: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const user = await signedInUser();
  const raw = Object.fromEntries(["fullName", "bio", "username", "email"].map((k) => [k, formData.get(k) ?? ""]));
  const values = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, String(v).slice(0, 1000)]));
  const parsed = ProfileSchema.safeParse(raw);
  if (!parsed.success) return { fields: fieldErrorsOf(parsed.error), values };
  const { email, ...profile } = parsed.data;
  try {
    await updateProfile({ userId: user.id, ...profile });
  } catch (error) {
    if (isAppError(error) && error.kind === "conflict") return { fields: { username: error.message }, values };
    throw error;
  }
  revalidatePath("/", "layout");
  if (normalizeEmail(email) === user.email) return { notice: "Profile saved.", values };
  // Whoever controls the email controls the account (password resets): a session alone cannot move it.
  const currentPassword = String(formData.get("currentPassword") ?? "").slice(0, 1024);
  const notice = "Profile saved; your email address did not change.";
  if (!currentPassword) {
    return { notice, fields: { currentPassword: "Enter your current password to change your email address." }, values };
  }
  const problem = await reauthenticate(user.id, currentPassword);
  if (problem) return { notice, fields: { currentPassword: problem }, values };
  if (await emailTaken(email, user.id)) return { fields: { email: "That email address is already in use." }, values };
  await recordAudit({ action: "auth.email_change_requested", actorId: user.id, subjectId: user.id, ip: await ip() });
  try {
    await sendVerificationEmail({
      userId: user.id,
      origin: appOrigin(),
      newEmail: normalizeEmail(email),
    });
  } catch (error) {
    if (isAppError(error) && error.kind === "rate_limited") return { error: error.message, values };
    throw error;
  }
  return {
    notice: `Profile saved. We sent a link to ${normalizeEmail(email)}: your email changes when you open it.`,
    values: { ...values, email: user.email },
  };
}

async function ip(): Promise<string> {
  return clientIp(await headers());
}

async function reauthenticate(userId: string, password: string): Promise<string | null> {
  return checkCurrentPassword({ userId, password, ip: clientIp(await headers()) });
}

export async function savePassword(_prev: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const user = await signedInUser();
  const parsed = PasswordChangeSchema.safeParse({
    currentPassword: formData.get("currentPassword"),
    newPassword: formData.get("newPassword"),
  });
  if (!parsed.success) return { fields: fieldErrorsOf(parsed.error) };
  const problem = await reauthenticate(user.id, parsed.data.currentPassword);
  if (problem) return { fields: { currentPassword: problem } };
  await changePassword({ userId: user.id, newPassword: parsed.data.newPassword, keepSessionId: user.sessionId });
  log.info("auth.password_changed", { userId: user.id });
  await recordAudit({ action: "auth.password_changed", actorId: user.id, subjectId: user.id, ip: await ip() });
  return { notice: "Password changed. Your other sessions have been logged out." };
}

export async function endSession(formData: FormData): Promise<void> {
  const user = await signedInUser();
  const id = IdSchema.safeParse(formData.get("sessionId"));
  if (id.success && (await revokeSession({ userId: user.id, sessionId: id.data }))) {
    log.info("auth.session_revoked", { userId: user.id });
    await recordAudit({ action: "auth.session_revoked", actorId: user.id, subjectId: user.id, ip: await ip() });
  }
  if (id.data === user.sessionId) redirect("/login");
  revalidatePath("/settings/sessions");
}

export async function endOtherSessions(): Promise<void> {
  const user = await signedInUser();
  await endOtherSessionsAndPrograms({ userId: user.id, keepSessionId: user.sessionId });
  log.info("auth.other_sessions_revoked", { userId: user.id });
  await recordAudit({ action: "auth.other_sessions_revoked", actorId: user.id, subjectId: user.id, ip: await ip() });
  revalidatePath("/settings/sessions");
}

export async function endProgram(formData: FormData): Promise<void> {
  const user = await signedInUser();
  const familyId = IdSchema.safeParse(formData.get("familyId"));
  if (familyId.success && (await logOutProgram({ userId: user.id, familyId: familyId.data }))) {
    log.info("auth.program_revoked", { userId: user.id });
    await recordAudit({ action: "auth.program_revoked", actorId: user.id, subjectId: user.id, ip: await ip() });
  }
  revalidatePath("/settings/sessions");
}

export interface ApiKeyFormState extends AuthFormState {
  key?: string;
}

export async function createKey(_prev: ApiKeyFormState, formData: FormData): Promise<ApiKeyFormState> {
  const user = await signedInUser();
  const values = { name: String(formData.get("name") ?? "").slice(0, 100) };
  const parsed = ApiKeyCreateSchema.safeParse({
    name: formData.get("name"),
    scopes: formData.getAll("scopes"),
    expiresInDays: formData.get("expiresInDays") ?? "",
    currentPassword: formData.get("currentPassword") ?? "",
  });
  if (!parsed.success) return { fields: fieldErrorsOf(parsed.error), values };
  const { name, scopes, expiresInDays, currentPassword } = parsed.data;
  const expiresAt = expiresInDays ? new Date(Date.now() + Number(expiresInDays) * 86_400_000) : null;
  const created = await createApiKeyWithPassword({
    user,
    currentPassword,
    ip: clientIp(await headers()),
    name,
    scopes,
    expiresAt,
  });
  if (!created.ok) {
    return created.field ? { fields: { [created.field]: created.error }, values } : { error: created.error, values };
  }
  const { key } = created;
  log.info("auth.api_key_created", { userId: user.id });
  await recordAudit({
    action: "auth.api_key_created",
    actorId: user.id,
    subjectId: user.id,
    ip: await ip(),
    details: { name, scopes: scopes.join(" ") },
  });
  revalidatePath("/settings/api-keys");
  return { key, notice: "Copy your new key now: it will not be shown again." };
}

export async function revokeKey(formData: FormData): Promise<void> {
  const user = await signedInUser();
  const id = IdSchema.safeParse(formData.get("keyId"));
  if (id.success && (await revokeApiKey({ userId: user.id, id: id.data }))) {
    log.info("auth.api_key_revoked", { userId: user.id });
    await recordAudit({ action: "auth.api_key_revoked", actorId: user.id, subjectId: user.id, ip: await ip() });
  }
  revalidatePath("/settings/api-keys");
}

export async function deleteAccount(_prev: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const user = await signedInUser();
  const password = String(formData.get("password") ?? "").slice(0, 1024);
  if (!password) return { fields: { password: "Enter your password." } };
  const problem = await reauthenticate(user.id, password);
  if (problem) return { fields: { password: problem } };
  await deleteUser(user.id);
  log.info("auth.account_deleted", { userId: user.id });
  await recordAudit({
    action: "auth.account_deleted",
    actorId: user.id,
    subjectId: user.id,
    ip: await ip(),
    details: { username: user.username },
  });
  await signOut({ redirectTo: "/login" });
  return {};
}
