"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { auditAction, formAction, formList, formText, refusal, submitAction, success } from "@/lib/action";
import {
  checkCurrentPassword,
  createApiKeyWithPassword,
  endOtherSessions as endOtherSessionsAndPrograms,
  logOutProgram,
} from "@/lib/auth/account-security";
import { signOut } from "@/lib/auth/config";
import { sendVerificationEmail } from "@/lib/auth/email-flows";
import { confirmIdentity } from "@/lib/auth/reauth";
import { appOrigin, clientIp } from "@/lib/auth/request-info";
import { changePassword } from "@/lib/auth/revocation";
import { ApiKeyCreateSchema, IdSchema, PasswordChangeSchema, ProfileSchema } from "@/lib/auth/settings-schemas";
import { emailChangeRefusal } from "@/lib/auth/signup";
import { revokeApiKey, setApiKeyKeepsConversations } from "@/lib/db/api-keys";
import { revokeSession } from "@/lib/db/sessions";
import { deleteUser, emailTaken, normalizeEmail, updateProfile } from "@/lib/db/users";
import { isAppError } from "@/lib/errors";
import { log } from "@/lib/log";

// Settings forms sit on pages a revoked session must leave: a caller without a session goes to the login page.
const settings = { signedOut: "login" } as const;

/** An id from a row's hidden field; a malformed one matches no row, so it does nothing. */
const RowId = IdSchema.optional().catch(undefined);
/** A password typed to confirm, cut to the longest any password may be. */
const TypedPassword = formText(z.string().transform((v) => v.slice(0, 1024)));

const PROFILE_FIELDS = { fullName: 1000, bio: 1000, username: 1000, email: 1000 } as const;

async function reauthenticate(userId: string, password: string): Promise<string | null> {
  return checkCurrentPassword({ userId, password, ip: clientIp(await headers()) });
}

export const saveProfileAction = formAction(
  {
    ...settings,
    name: "settings.profile",
    input: z.object({
      fullName: formText(ProfileSchema.shape.fullName),
      bio: formText(ProfileSchema.shape.bio),
      username: formText(ProfileSchema.shape.username),
      email: formText(ProfileSchema.shape.email),
      currentPassword: TypedPassword,
    }),
    keep: PROFILE_FIELDS,
  },
  async ({ email, currentPassword, ...profile }, user, formData) => {
    const values = Object.fromEntries(
      Object.entries(PROFILE_FIELDS).map(([name, max]) => [name, String(formData.get(name) ?? "").slice(0, max)]),
    );
    try {
      await updateProfile({ userId: user.id, ...profile });
    } catch (error) {
      if (isAppError(error) && error.kind === "conflict") return refusal({ username: error.message }, { values });
      throw error;
    }
    revalidatePath("/", "layout");
    if (normalizeEmail(email) === user.email) return success(null, { notice: "Profile saved.", values });
    // Whoever controls the email controls the account (password resets): a session alone cannot move it.
    const notice = "Profile saved; your email address did not change.";
    // The current password, or for an account without one (made through a provider) a recent sign-in.
    const confirmed = await confirmIdentity({
      user,
      password: currentPassword,
      ip: clientIp(await headers()),
      doing: "changing your email address",
      missingPassword: "Enter your current password to change your email address.",
    });
    if (!confirmed.ok)
      return success(null, { notice, fields: { [confirmed.field ?? "email"]: confirmed.error }, values });
    if (await emailTaken(email, user.id))
      return refusal({ email: "That email address is already in use." }, { values });
    const outsideDomains = await emailChangeRefusal(user.id, email);
    if (outsideDomains) return refusal({ email: outsideDomains }, { values });
    await auditAction(user, "auth.email_change_requested");
    await sendVerificationEmail({ userId: user.id, origin: appOrigin(), newEmail: normalizeEmail(email) });
    return success(null, {
      notice: `Profile saved. We sent a link to ${normalizeEmail(email)}: your email changes when you open it.`,
      values: { ...values, email: user.email },
    });
  },
);

export const savePasswordAction = formAction(
  { ...settings, name: "settings.password", input: PasswordChangeSchema },
  async ({ currentPassword, newPassword }, user) => {
    const problem = await reauthenticate(user.id, currentPassword);
    if (problem) return refusal({ currentPassword: problem });
    await changePassword({ userId: user.id, newPassword, keepSessionId: user.sessionId });
    log.info("auth.password_changed", { userId: user.id });
    await auditAction(user, "auth.password_changed");
    return success(null, { notice: "Password changed. Your other sessions have been logged out." });
  },
);

export const endSessionAction = submitAction(
  { ...settings, name: "settings.endSession", input: z.object({ sessionId: RowId }) },
  async ({ sessionId }, user) => {
    if (sessionId && (await revokeSession({ userId: user.id, sessionId }))) {
      log.info("auth.session_revoked", { userId: user.id });
      await auditAction(user, "auth.session_revoked");
    }
    if (sessionId === user.sessionId) redirect("/login");
    revalidatePath("/settings/sessions");
  },
);

export const endOtherSessionsAction = submitAction(
  { ...settings, name: "settings.endOtherSessions", input: z.unknown() },
  async (_input, user) => {
    await endOtherSessionsAndPrograms({ userId: user.id, keepSessionId: user.sessionId });
    log.info("auth.other_sessions_revoked", { userId: user.id });
    await auditAction(user, "auth.other_sessions_revoked");
    revalidatePath("/settings/sessions");
  },
);

export const endProgramAction = submitAction(
  { ...settings, name: "settings.endProgram", input: z.object({ familyId: RowId }) },
  async ({ familyId }, user) => {
    if (familyId && (await logOutProgram({ userId: user.id, familyId }))) {
      log.info("auth.program_revoked", { userId: user.id });
      await auditAction(user, "auth.program_revoked");
    }
    revalidatePath("/settings/sessions");
  },
);

export const createKeyAction = formAction(
  {
    ...settings,
    name: "settings.createKey",
    input: ApiKeyCreateSchema.extend({
      name: formText(ApiKeyCreateSchema.shape.name),
      scopes: formList(ApiKeyCreateSchema.shape.scopes),
      currentPassword: formText(ApiKeyCreateSchema.shape.currentPassword),
    }),
    keep: { name: 100 },
  },
  async ({ name, scopes, expiresInDays, keepConversations, currentPassword }, user) => {
    const expiresAt = expiresInDays ? new Date(Date.now() + Number(expiresInDays) * 86_400_000) : null;
    const ip = clientIp(await headers());
    const created = await createApiKeyWithPassword({
      user,
      currentPassword,
      ip,
      name,
      scopes,
      expiresAt,
      keepConversations: keepConversations === "on",
    });
    if (!created.ok) return refusal(created.field ? { [created.field]: created.error } : created.error);
    log.info("auth.api_key_created", { userId: user.id });
    await auditAction(user, "auth.api_key_created", {
      subjectId: user.id,
      details: {
        name,
        scopes: scopes.join(" "),
        ...(keepConversations === "on" ? { keepConversations: "yes" } : {}),
      },
    });
    revalidatePath("/settings/api-keys");
    return success({ key: created.key }, { notice: "Copy your new key now: it will not be shown again." });
  },
);

export const revokeKeyAction = submitAction(
  { ...settings, name: "settings.revokeKey", input: z.object({ keyId: RowId }) },
  async ({ keyId }, user) => {
    if (keyId && (await revokeApiKey({ userId: user.id, id: keyId }))) {
      log.info("auth.api_key_revoked", { userId: user.id });
      await auditAction(user, "auth.api_key_revoked");
    }
    revalidatePath("/settings/api-keys");
  },
);

export const setKeepRequestsAction = submitAction(
  {
    ...settings,
    name: "settings.keepRequests",
    input: z.object({ keyId: RowId, keep: z.enum(["on", "off"]) }),
  },
  async ({ keyId, keep }, user) => {
    if (keyId && (await setApiKeyKeepsConversations({ userId: user.id, id: keyId, keep: keep === "on" }))) {
      log.info("auth.api_key_keep_requests", { userId: user.id, keep });
    }
    revalidatePath("/settings/api-keys");
  },
);
/** A key's "Keep requests as conversations", turned on or off. */

export const deleteAccountAction = formAction(
  { ...settings, name: "settings.deleteAccount", input: z.object({ password: TypedPassword }) },
  async ({ password }, user) => {
    const confirmed = await confirmIdentity({
      user,
      password,
      ip: clientIp(await headers()),
      doing: "deleting your account",
      missingPassword: "Enter your password.",
      field: "password",
    });
    if (!confirmed.ok) return refusal(confirmed.field ? { [confirmed.field]: confirmed.error } : confirmed.error);
    await deleteUser(user.id);
    log.info("auth.account_deleted", { userId: user.id });
    await auditAction(user, "auth.account_deleted", { subjectId: user.id, details: { username: user.username } });
    await signOut({ redirectTo: "/login" });
    return success(null);
  },
);
