"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { type ActionState, auditAction, formAction, formText, submitAction, success } from "@/lib/action";
import { InviteFormSchema, SignupSettingsFormSchema } from "@/lib/auth/admin-schemas";
import { hashPassword } from "@/lib/auth/password";
import { appOrigin } from "@/lib/auth/request-info";
import { SignupSchema } from "@/lib/auth/schemas";
import { saveSignupSettings } from "@/lib/auth/signup-settings";
import { createInvite, revokeInvite } from "@/lib/db/invites";
import { approveUser, createUser, rejectPendingUser } from "@/lib/db/users";
import { log } from "@/lib/log";

// Every action here is for superusers only; the wrapper refuses anyone else before the body runs.
const admin = { access: "superuser" } as const;

const idOf = (name: string) => z.string().uuid({ message: `Missing or invalid ${name}.` });

export const saveSignupSettingsAction = formAction(
  {
    ...admin,
    name: "admin.saveSignupSettings",
    input: z
      // Checkbox and radio fields are absent from the form data when not chosen.
      .object({
        mode: z.string().optional(),
        allowedDomains: formText(z.string()),
        requireApproval: z.string().optional(),
        ssoSignup: z.string().optional(),
        hidePasswordLogin: z.string().optional(),
      })
      .transform((form) => ({
        ...form,
        requireApproval: form.requireApproval === "on",
        ssoSignup: form.ssoSignup === "on",
        hidePasswordLogin: form.hidePasswordLogin === "on",
      }))
      .pipe(SignupSettingsFormSchema),
    keep: { allowedDomains: 5000 },
  },
  async (settings, user) => {
    await saveSignupSettings(settings);
    log.info("admin.signup_settings_changed", { adminId: user.id, mode: settings.mode });
    await auditAction(user, "admin.signup_settings_changed", {
      details: {
        mode: settings.mode,
        allowedDomains: settings.allowedDomains.join(", "),
        requireApproval: String(settings.requireApproval),
        ssoSignup: String(settings.ssoSignup),
        hidePasswordLogin: String(settings.hidePasswordLogin),
      },
    });
    revalidatePath("/admin/signup");
    return success(null, { notice: "Sign-up settings saved." });
  },
);

export const createInviteAction = formAction(
  {
    ...admin,
    name: "admin.createInvite",
    input: z
      .object({ maxUses: formText(z.string()), expiresInDays: formText(z.string()), email: formText(z.string()) })
      .transform((form): unknown => form)
      .pipe(InviteFormSchema),
    keep: { maxUses: 10, expiresInDays: 10, email: 320 },
  },
  async ({ maxUses, expiresInDays, email }, user): Promise<ActionState<{ link: string }>> => {
    const expiresAt = new Date(Date.now() + expiresInDays * 86_400_000);
    const invite = await createInvite({ maxUses, expiresAt, email, createdById: user.id });
    log.info("admin.invite_created", { adminId: user.id, inviteId: invite.id });
    await auditAction(user, "admin.invite_created", {
      details: {
        inviteId: invite.id,
        maxUses: String(maxUses),
        expiresAt: expiresAt.toISOString(),
        email: email ?? "anyone",
      },
    });
    revalidatePath("/admin/signup");
    return success(
      { link: `${appOrigin()}/signup?invite=${encodeURIComponent(invite.token)}` },
      { notice: "Invite link created. Copy it now: it will not be shown again." },
    );
  },
);

export const revokeInviteAction = submitAction(
  { ...admin, name: "admin.revokeInvite", input: z.object({ inviteId: idOf("inviteId") }) },
  async ({ inviteId }, user) => {
    if (await revokeInvite(inviteId)) {
      log.info("admin.invite_revoked", { adminId: user.id, inviteId });
      await auditAction(user, "admin.invite_revoked", { details: { inviteId } });
    }
    revalidatePath("/admin/signup");
  },
);

export const approveUserAction = submitAction(
  { ...admin, name: "admin.approveUser", input: z.object({ userId: idOf("userId") }) },
  async ({ userId }, user) => {
    if (await approveUser(userId)) {
      log.info("admin.user_approved", { adminId: user.id, userId });
      await auditAction(user, "admin.user_approved", { subjectId: userId });
    }
    revalidatePath("/admin/signup");
  },
);

export const rejectUserAction = submitAction(
  { ...admin, name: "admin.rejectUser", input: z.object({ userId: idOf("userId") }) },
  async ({ userId }, user) => {
    const rejected = await rejectPendingUser(userId);
    if (rejected) {
      log.info("admin.user_rejected", { adminId: user.id, userId });
      await auditAction(user, "admin.user_rejected", {
        subjectId: userId,
        details: { username: rejected.username },
      });
    }
    revalidatePath("/admin/signup");
  },
);

/** Works whatever the sign-up mode: this is how accounts are made when sign-up is closed. */
export const createAccountAction = formAction(
  { ...admin, name: "admin.createAccount", input: SignupSchema, keep: { email: 320, username: 64 } },
  async (input, user) => {
    const created = await createUser({
      email: input.email,
      username: input.username,
      passwordHash: await hashPassword(input.password),
    });
    log.info("admin.user_created", { adminId: user.id, userId: created.id });
    await auditAction(user, "admin.user_created", { subjectId: created.id, details: { username: created.username } });
    revalidatePath("/admin");
    return success(null, {
      notice: `Created ${created.username} (${created.email}). Give them the password you chose.`,
    });
  },
);
