"use server";

import { z } from "zod";
import { auditAction, formAction, formText, refusal, submitAction, success } from "@/lib/action";
import { signIn } from "@/lib/auth/config";
import { setFirstPassword } from "@/lib/auth/reauth";
import { NewPasswordSchema } from "@/lib/auth/schemas";
import { SsoProviderIdSchema, ssoProviderById } from "@/lib/auth/sso-providers";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";

/**
 * "Set a password" for an account made through a sign-in provider (it has none to type as the current one):
 * allowed within minutes of a sign-in, like the other changes that hand the account to someone else.
 */
export const setPasswordAction = formAction(
  {
    signedOut: "login",
    name: "settings.setPassword",
    input: z.object({ newPassword: formText(NewPasswordSchema) }),
  },
  async ({ newPassword }, user) => {
    const outcome = await setFirstPassword({ user, newPassword });
    if (!outcome.ok) return refusal(outcome.error);
    log.info("auth.password_set", { userId: user.id });
    await auditAction(user, "auth.password_set");
    return success(null, {
      notice: "Password set. You can now also log in with it. Your other sessions have been logged out.",
    });
  },
);

/** The settings pages that ask for a recent sign-in send the person back to themselves. */
const ReturnTo = z
  .enum(["/settings", "/settings/password", "/settings/delete", "/settings/api-keys"])
  .catch("/settings");

/**
 * "Sign in again with <provider>" on those pages: the provider's login (it asks for its own credentials and
 * MFA), whose callback starts a fresh session of this account in place of the current one.
 */
export const signInAgainAction = submitAction(
  {
    signedOut: "login",
    name: "settings.signInAgain",
    input: z.object({ provider: SsoProviderIdSchema, callbackUrl: ReturnTo }),
  },
  async ({ provider, callbackUrl }) => {
    if (!ssoProviderById(provider))
      throw new AppError("not_found", { message: "That sign-in provider is not set up." });
    await signIn(provider, { redirectTo: callbackUrl });
  },
);
