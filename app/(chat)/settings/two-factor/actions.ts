"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { z } from "zod";
import { action, formAction } from "@/lib/action";
import { recordAudit } from "@/lib/audit";
import { passkeyRegistrationOptions, registerPasskey } from "@/lib/auth/passkeys";
import { deletePasskey } from "@/lib/db/passkeys";
import { checkCurrentPassword } from "@/lib/auth/account-security";
import { clientIp } from "@/lib/auth/request-info";
import {
  beginTotpSetup,
  confirmTotpSetup,
  regenerateRecoveryCodes,
  secondFactorError,
  turnOffTotp,
  verifySecondFactor,
} from "@/lib/auth/two-factor";
import { twoFactorRequiredFor } from "@/lib/auth/two-factor-policy";
import { AppError } from "@/lib/errors";

async function ip(): Promise<string> {
  return clientIp(await headers());
}

export const startTwoFactorSetup = formAction(
  { name: "two_factor.begin", input: z.object({}), access: "two_factor_setup" },
  async (_input, user) => {
    const setup = await beginTotpSetup(user);
    if (!setup) throw new AppError("conflict:two_factor", { message: "Two-factor authentication is already on." });
    return {
      secret: setup.secret,
      qrCode: `data:image/svg+xml;base64,${Buffer.from(setup.qrSvg).toString("base64")}`,
    };
  },
);

const CodeSchema = z
  .string()
  .trim()
  .min(1, "Enter the code from your authenticator app.")
  .max(64, "That is not a code.");

export const turnOnTwoFactor = formAction(
  { name: "two_factor.confirm", input: z.object({ code: CodeSchema }), access: "two_factor_setup" },
  async ({ code }, user) => {
    const result = await confirmTotpSetup({ userId: user.id, code, ip: await ip() });
    if (!result.ok)
      throw new AppError("validation:two_factor", {
        message: result.error,
        fields: [{ field: "code", message: result.error }],
      });
    // No revalidation here: the page would re-render as "on" and drop the codes before they are read.
    return { recoveryCodes: result.recoveryCodes };
  },
);

const ReauthSchema = z.object({
  password: z.string().min(1, "Enter your password.").max(1024),
  code: CodeSchema,
});

/** Proves the person at the keyboard holds both factors, or throws a message for the field that failed. */
async function reauthenticateBoth(userId: string, input: z.infer<typeof ReauthSchema>, address: string) {
  const problem = await checkCurrentPassword({ userId, password: input.password, ip: address });
  if (problem)
    throw new AppError("validation:password", { message: problem, fields: [{ field: "password", message: problem }] });
  const check = await verifySecondFactor({ userId, code: input.code, ip: address });
  if (!check.ok) {
    const message =
      check.reason === "not_enabled" ? "Two-factor authentication is already off." : secondFactorError(check);
    throw new AppError("validation:code", { message, fields: [{ field: "code", message }] });
  }
}

export const turnOffTwoFactor = formAction({ name: "two_factor.disable", input: ReauthSchema }, async (input, user) => {
  if (await twoFactorRequiredFor(user)) {
    throw new AppError("forbidden:two_factor_required", {
      message: "Your administrator requires two-factor authentication, so it cannot be turned off.",
    });
  }
  const address = await ip();
  await reauthenticateBoth(user.id, input, address);
  await turnOffTotp({ userId: user.id, ip: address });
  revalidatePath("/", "layout");
  return null;
});

export const newRecoveryCodes = formAction(
  { name: "two_factor.recovery_codes", input: ReauthSchema },
  async (input, user) => {
    const address = await ip();
    await reauthenticateBoth(user.id, input, address);
    return { recoveryCodes: await regenerateRecoveryCodes({ userId: user.id, ip: address }) };
  },
);

async function origin(): Promise<string | null> {
  return (await headers()).get("origin");
}

// A passkey outlives sessions and password resets, so adding one takes the password, not just a cookie.
export const passkeyOptions = action(
  { name: "passkeys.options", input: z.object({ password: z.string().min(1, "Enter your password.").max(1024) }) },
  async ({ password }, user) => {
    const problem = await checkCurrentPassword({ userId: user.id, password, ip: await ip() });
    if (problem)
      throw new AppError("validation:password", {
        message: problem,
        fields: [{ field: "password", message: problem }],
      });
    return passkeyRegistrationOptions(user, await origin());
  },
);

export const addPasskey = action(
  {
    name: "passkeys.add",
    input: z.object({
      name: z.string().trim().min(1, "Name the passkey, e.g. “Work laptop”.").max(60, "Use at most 60 characters."),
      credential: z.string().min(1).max(64_000),
    }),
  },
  async ({ name, credential }, user) => {
    await registerPasskey({
      userId: user.id,
      name,
      credentialJson: credential,
      requestOrigin: await origin(),
      ip: await ip(),
    });
    revalidatePath("/settings/two-factor");
    return null;
  },
);

export const removePasskey = formAction(
  { name: "passkeys.remove", input: z.object({ id: z.uuid() }) },
  async ({ id }, user) => {
    if (!(await deletePasskey({ userId: user.id, id }))) throw new AppError("not_found:passkey");
    await recordAudit({ action: "auth.passkey_removed", actorId: user.id, subjectId: user.id, ip: await ip() });
    revalidatePath("/settings/two-factor");
    return null;
  },
);
