"use server";

import { AuthError } from "next-auth";
import { headers } from "next/headers";
import { z } from "zod";
import { type ActionState, formAction, formText, refusal, submitAction, success } from "@/lib/action";
import { DatabaseUnavailable, signIn, signOut, TooManyAttempts } from "@/lib/auth/config";
import { requestPasswordReset, resetPassword, sendVerificationEmail, verifyEmail } from "@/lib/auth/email-flows";
import { waitText } from "@/lib/auth/login";
import { appOrigin, clientIp } from "@/lib/auth/request-info";
import { registerUser } from "@/lib/auth/signup";
import { EmailSchema, LoginSchema, NewPasswordSchema, SignupSchema, safeCallbackUrl } from "@/lib/auth/schemas";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";

const DATABASE_DOWN_AT_LOGIN =
  "Parley cannot reach its database right now, so your password could not be checked. Try again in a moment.";
const LINK_NOT_VALID = "This link is not valid. Ask for a new one.";
const RESET_NOTICE =
  "If an account uses that email, we sent it a link to reset the password. The link expires in 1 hour.";

/** A token from an emailed link; anything else is answered as a link that is not valid. */
const LinkToken = z.string().min(1).max(200).optional().catch(undefined);

const loginRun = formAction(
  {
    name: "auth.login",
    access: "public",
    input: LoginSchema.extend({ callbackUrl: z.unknown() }),
    keep: { login: 320 },
  },
  async ({ login, password, callbackUrl }) => {
    try {
      // On success signIn throws NEXT_REDIRECT, which the wrapper passes through.
      await signIn("credentials", { login, password, redirectTo: safeCallbackUrl(callbackUrl) });
    } catch (error) {
      if (error instanceof TooManyAttempts) {
        return refusal(`Too many attempts, try again in ${waitText(error.retryAfterSeconds)}.`);
      }
      if (error instanceof DatabaseUnavailable) return refusal(DATABASE_DOWN_AT_LOGIN);
      if (error instanceof AuthError) return refusal("Wrong email, username or password.");
      throw error;
    }
    return success(null);
  },
);
export async function login(state: ActionState | null, formData: FormData): Promise<ActionState> {
  return loginRun(state, formData);
}

const signupRun = formAction(
  { name: "auth.signup", access: "public", input: SignupSchema, keep: { email: 320, username: 64 } },
  async (input) => {
    const userId = (await registerUser({ ...input, ip: clientIp(await headers()) })).id;
    try {
      await sendVerificationEmail({ userId, origin: appOrigin() });
    } catch (error) {
      // The account exists either way; the banner offers to resend.
      log.error("auth.verification_failed", { userId, error });
    }
    await signIn("credentials", { login: input.email, password: input.password, redirectTo: "/" });
    return success(null);
  },
);
export async function signup(state: ActionState | null, formData: FormData): Promise<ActionState> {
  return signupRun(state, formData);
}

const logoutRun = submitAction({ name: "auth.logout", access: "public", input: z.unknown() }, async () => {
  await signOut({ redirectTo: "/login" });
});
export async function logout(): Promise<void> {
  return logoutRun(new FormData());
}

const resendVerificationRun = formAction(
  { name: "auth.resendVerification", input: z.unknown(), signedOut: "login" },
  async (_input, user) => {
    if (user.isEmailVerified) return success(null, { notice: "Your email is already verified." });
    await sendVerificationEmail({ userId: user.id, origin: appOrigin() });
    return success(null, { notice: `We sent a new link to ${user.email}.` });
  },
);
export async function resendVerification(state: ActionState | null, formData: FormData): Promise<ActionState> {
  return resendVerificationRun(state, formData);
}

const confirmEmailRun = formAction(
  { name: "auth.confirmEmail", access: "public", input: z.object({ token: LinkToken }) },
  async ({ token }) => {
    if (!token) return refusal(LINK_NOT_VALID);
    const outcome = await verifyEmail(token);
    return outcome.ok ? success(null, { notice: outcome.message }) : refusal(outcome.message);
  },
);
export async function confirmEmail(state: ActionState | null, formData: FormData): Promise<ActionState> {
  return confirmEmailRun(state, formData);
}

const forgotPasswordRun = formAction(
  {
    name: "auth.forgotPassword",
    access: "public",
    input: z.object({ email: EmailSchema.optional().catch(undefined) }),
    keep: { email: 320 },
  },
  async ({ email }) => {
    if (!email)
      throw new AppError("validation", { fields: [{ field: "email", message: "Enter a valid email address." }] });
    await requestPasswordReset({ email, origin: appOrigin(), ip: clientIp(await headers()) });
    return success(null, { notice: RESET_NOTICE });
  },
);
export async function forgotPassword(state: ActionState | null, formData: FormData): Promise<ActionState> {
  return forgotPasswordRun(state, formData);
}

const setNewPasswordRun = formAction(
  {
    name: "auth.setNewPassword",
    access: "public",
    input: z.object({ token: LinkToken, password: formText(z.unknown()) }),
  },
  async ({ token, password }) => {
    if (!token) return refusal(LINK_NOT_VALID);
    const parsed = NewPasswordSchema.safeParse(password);
    if (!parsed.success) return refusal({ password: parsed.error.issues[0]?.message });
    const outcome = await resetPassword(token, parsed.data);
    return outcome.ok ? success(null, { notice: outcome.message }) : refusal(outcome.message);
  },
);
export async function setNewPassword(state: ActionState | null, formData: FormData): Promise<ActionState> {
  return setNewPasswordRun(state, formData);
}
