"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { z } from "zod";
import { action, auditAction, type FieldErrors, formAction, formText, refusal, success } from "@/lib/action";
import { checkCurrentPassword } from "@/lib/auth/account-security";
import { passkeyRegistrationOptions, registerPasskey } from "@/lib/auth/passkeys";
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
import { deletePasskey } from "@/lib/db/passkeys";
import { AppError } from "@/lib/errors";

// The forms sit on a settings page a revoked session must leave: a caller without a session goes to log in.
// The set-up's own two actions are also open to a user whom an administrator requires to set up 2FA first
// (everything else refuses them); turning 2FA off, new recovery codes and passkeys are not.
const settings = { signedOut: "login" } as const;
const setup = { ...settings, access: "two_factor_setup" } as const;

async function ip(): Promise<string> {
  return clientIp(await headers());
}

export const startTwoFactorSetupAction = formAction(
  { ...setup, name: "two_factor.begin", input: z.object({}) },
  async (_input, user) => {
    const started = await beginTotpSetup(user);
    if (!started) return refusal("Two-factor authentication is already on.");
    return success({
      secret: started.secret,
      qrCode: `data:image/svg+xml;base64,${Buffer.from(started.qrSvg).toString("base64")}`,
    });
  },
);

// A field the browser did not send reads as empty, so it gets the message for an empty one.
const CodeSchema = formText(
  z.string().trim().min(1, "Enter the code from your authenticator app.").max(64, "That is not a code."),
);

// Turning 2FA on takes the password too: with a cookie alone, a thief could bind their own authenticator and
// lock the owner out of the next login.
export const turnOnTwoFactorAction = formAction(
  {
    ...setup,
    name: "two_factor.confirm",
    input: z.object({ password: formText(z.string().min(1, "Enter your password.").max(1024)), code: CodeSchema }),
  },
  async ({ password, code }, user) => {
    const address = await ip();
    const problem = await checkCurrentPassword({ userId: user.id, password, ip: address });
    if (problem) return refusal({ password: problem });
    const result = await confirmTotpSetup({ userId: user.id, code, ip: address });
    if (!result.ok) return refusal({ code: result.error });
    // No revalidation here: the page would re-render as "on" and drop the codes before they are read.
    return success({ recoveryCodes: result.recoveryCodes });
  },
);

const ReauthSchema = z.object({
  password: formText(z.string().min(1, "Enter your password.").max(1024)),
  code: CodeSchema,
});

/** Whether the person at the keyboard holds both factors: null, or a message for the field that failed. */
async function reauthenticateBoth(
  userId: string,
  input: z.infer<typeof ReauthSchema>,
  address: string,
): Promise<FieldErrors | null> {
  const problem = await checkCurrentPassword({ userId, password: input.password, ip: address });
  if (problem) return { password: problem };
  const check = await verifySecondFactor({ userId, code: input.code, ip: address });
  if (check.ok) return null;
  return {
    code: check.reason === "not_enabled" ? "Two-factor authentication is already off." : secondFactorError(check),
  };
}

export const turnOffTwoFactorAction = formAction(
  { ...settings, name: "two_factor.disable", input: ReauthSchema },
  async (input, user) => {
    if (await twoFactorRequiredFor(user)) {
      throw new AppError("forbidden:two_factor_required", {
        message: "Your administrator requires two-factor authentication, so it cannot be turned off.",
      });
    }
    const address = await ip();
    const problem = await reauthenticateBoth(user.id, input, address);
    if (problem) return refusal(problem);
    await turnOffTotp({ userId: user.id, ip: address });
    revalidatePath("/", "layout");
    return success(null);
  },
);

export const newRecoveryCodesAction = formAction(
  { ...settings, name: "two_factor.recovery_codes", input: ReauthSchema },
  async (input, user) => {
    const address = await ip();
    const problem = await reauthenticateBoth(user.id, input, address);
    if (problem) return refusal(problem);
    return success({ recoveryCodes: await regenerateRecoveryCodes({ userId: user.id, ip: address }) });
  },
);

async function origin(): Promise<string | null> {
  return (await headers()).get("origin");
}

const PasskeyOptionsInput = z.object({ password: z.string().min(1, "Enter your password.").max(1024) });

// A passkey outlives sessions and password resets, so adding one takes the password, not just a cookie.
// Called from client code during the browser's ceremony, so these two answer a refusal rather than redirect.
export const passkeyOptionsAction = action(
  { name: "passkeys.options", input: PasskeyOptionsInput },
  async ({ password }, user) => {
    const problem = await checkCurrentPassword({ userId: user.id, password, ip: await ip() });
    if (problem) {
      throw new AppError("validation:password", {
        message: problem,
        fields: [{ field: "password", message: problem }],
      });
    }
    return passkeyRegistrationOptions(user, await origin());
  },
);

const AddPasskeyInput = z.object({
  name: z.string().trim().min(1, "Name the passkey, e.g. “Work laptop”.").max(60, "Use at most 60 characters."),
  credential: z.string().min(1).max(64_000),
});

export const addPasskeyAction = action(
  { name: "passkeys.add", input: AddPasskeyInput },
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

export const removePasskeyAction = formAction(
  { ...settings, name: "passkeys.remove", input: z.object({ id: z.uuid() }) },
  async ({ id }, user) => {
    if (!(await deletePasskey({ userId: user.id, id }))) throw new AppError("not_found:passkey");
    await auditAction(user, "auth.passkey_removed");
    revalidatePath("/settings/two-factor");
    return success(null);
  },
);
