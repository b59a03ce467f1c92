"use server";

import { AuthError } from "next-auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { signIn, signOut } from "@/lib/auth/config";
import {
  DatabaseUnavailable,
  InvalidSecondFactor,
  LoginTicketExpired,
  SecondFactorRequired,
  TooManyAttempts,
} from "@/lib/auth/login-errors";
import { getCurrentUser } from "@/lib/auth/current-user";
import { requestPasswordReset, resetPassword, sendVerificationEmail, verifyEmail } from "@/lib/auth/email-flows";
import { waitText } from "@/lib/auth/login";
import { appOrigin, clientIp } from "@/lib/auth/request-info";
import { registerUser } from "@/lib/auth/signup";
import {
  type AuthFormState,
  EmailSchema,
  fieldErrorsOf,
  LoginSchema,
  type LoginState,
  NewPasswordSchema,
  SignupSchema,
  safeCallbackUrl,
} from "@/lib/auth/schemas";
import type { ActionResult } from "@/lib/action-result";
import { LIMITS } from "@/lib/auth/limits";
import { passkeyLoginOptions } from "@/lib/auth/passkeys";
import { ipRateLimitSubject } from "@/lib/auth/request-info";
import { isAppError } from "@/lib/errors";
import { enforce } from "@/lib/rate-limit";
import { log } from "@/lib/log";

const DATABASE_DOWN_AT_LOGIN =
  "Parley cannot reach its database right now, so your password could not be checked. Try again in a moment.";

export async function login(prev: LoginState, formData: FormData): Promise<LoginState> {
  if (formData.has("ticket")) return loginWithCode(prev, formData);
  const values = { login: String(formData.get("login") ?? "").slice(0, 320) };
  const parsed = LoginSchema.safeParse({ login: formData.get("login"), password: formData.get("password") });
  if (!parsed.success) return { fields: fieldErrorsOf(parsed.error), values };
  try {
    await signIn("credentials", {
      login: parsed.data.login,
      password: parsed.data.password,
      redirectTo: safeCallbackUrl(formData.get("callbackUrl")),
    });
  } catch (error) {
    // signIn throws NEXT_REDIRECT on success: only Auth.js errors are failures.
    if (error instanceof SecondFactorRequired) return { ticket: error.ticket, values };
    if (error instanceof TooManyAttempts) {
      return { error: `Too many attempts, try again in ${waitText(error.retryAfterSeconds)}.`, values };
    }
    if (error instanceof DatabaseUnavailable) return { error: DATABASE_DOWN_AT_LOGIN, values };
    if (error instanceof AuthError) return { error: "Wrong email, username or password.", values };
    throw error;
  }
  return {};
}

const SecondFactorFormSchema = z.object({
  ticket: z.string().min(1).max(1000),
  code: z.string().trim().min(1, "Enter the code from your authenticator app, or a recovery code.").max(64),
});

/** The login's second step: the ticket from the password step and an authentication or recovery code. */
async function loginWithCode(prev: LoginState, formData: FormData): Promise<LoginState> {
  const values = { login: String(formData.get("login") ?? "").slice(0, 320) };
  const parsed = SecondFactorFormSchema.safeParse({ ticket: formData.get("ticket"), code: formData.get("code") });
  if (!parsed.success) {
    const ticket = typeof formData.get("ticket") === "string" ? String(formData.get("ticket")) : prev.ticket;
    return { ticket, fields: fieldErrorsOf(parsed.error), values };
  }
  const { ticket } = parsed.data;
  try {
    await signIn("credentials", { ...parsed.data, redirectTo: safeCallbackUrl(formData.get("callbackUrl")) });
  } catch (error) {
    if (error instanceof InvalidSecondFactor) {
      return { ticket, fields: { code: "That code is not right, or it was used already." }, values };
    }
    if (error instanceof TooManyAttempts) {
      return { ticket, error: `Too many attempts, try again in ${waitText(error.retryAfterSeconds)}.`, values };
    }
    if (error instanceof LoginTicketExpired) {
      return { error: "That took too long. Enter your password again.", values };
    }
    if (error instanceof DatabaseUnavailable) return { ticket, error: DATABASE_DOWN_AT_LOGIN, values };
    if (error instanceof AuthError) return { error: "Something went wrong. Enter your password again.", values };
    throw error;
  }
  return {};
}

/** Step one of a passkey sign-in: a challenge (stored in the database, so any instance can finish it). */
export async function passkeySignInOptions(): Promise<ActionResult<Awaited<ReturnType<typeof passkeyLoginOptions>>>> {
  const requestHeaders = await headers();
  try {
    await enforce(LIMITS.passkeyChallengesPerIp, ipRateLimitSubject(clientIp(requestHeaders)));
    return { ok: true, data: await passkeyLoginOptions(requestHeaders.get("origin")) };
  } catch (error) {
    if (isAppError(error) && (error.kind === "rate_limited" || error.kind === "unavailable")) {
      return { ok: false, error: error.message };
    }
    throw error;
  }
}

/** Step two: the browser's signed answer; a valid one signs in (and redirects). */
export async function signInWithPasskey(credential: unknown, callbackUrl: unknown): Promise<ActionResult<null>> {
  if (typeof credential !== "string" || credential.length > 64_000) {
    return { ok: false, error: "The browser's answer could not be read." };
  }
  const origin = (await headers()).get("origin") ?? undefined;
  try {
    await signIn("credentials", { passkey: credential, origin, redirectTo: safeCallbackUrl(callbackUrl) });
  } catch (error) {
    if (error instanceof DatabaseUnavailable) return { ok: false, error: DATABASE_DOWN_AT_LOGIN };
    if (error instanceof AuthError) {
      return { ok: false, error: "That passkey could not sign you in. Try again, or use your password." };
    }
    throw error;
  }
  return { ok: true, data: null };
}

export async function signup(_prev: AuthFormState, formData: FormData): Promise<AuthFormState> {
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
  const requestHeaders = await headers();
  let userId: string;
  try {
    userId = (await registerUser({ ...parsed.data, ip: clientIp(requestHeaders) })).id;
  } catch (error) {
    if (isAppError(error) && (error.kind === "conflict" || error.kind === "rate_limited")) {
      return { error: error.message, values };
    }
    throw error;
  }
  try {
    await sendVerificationEmail({ userId, origin: appOrigin() });
  } catch (error) {
    // The account exists either way; the banner offers to resend.
    log.error("auth.verification_failed", { userId, error });
  }
  await signIn("credentials", { login: parsed.data.email, password: parsed.data.password, redirectTo: "/" });
  return {};
}

export async function logout(): Promise<void> {
  await signOut({ redirectTo: "/login" });
}

export async function resendVerification(_prev: AuthFormState, _formData: FormData): Promise<AuthFormState> {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  if (user.isEmailVerified) return { notice: "Your email is already verified." };
  try {
    await sendVerificationEmail({ userId: user.id, origin: appOrigin() });
  } catch (error) {
    if (isAppError(error) && error.kind === "rate_limited") return { error: error.message };
    throw error;
  }
  return { notice: `We sent a new link to ${user.email}.` };
}

const TokenSchema = z.string().min(1).max(200);

export async function confirmEmail(_prev: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const token = TokenSchema.safeParse(formData.get("token"));
  if (!token.success) return { error: "This link is not valid. Ask for a new one." };
  const outcome = await verifyEmail(token.data);
  return outcome.ok ? { notice: outcome.message } : { error: outcome.message };
}

const RESET_NOTICE =
  "If an account uses that email, we sent it a link to reset the password. The link expires in 1 hour.";

export async function forgotPassword(_prev: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const email = EmailSchema.safeParse(formData.get("email"));
  const values = { email: String(formData.get("email") ?? "").slice(0, 320) };
  if (!email.success) return { fields: { email: "Enter a valid email address." }, values };
  const requestHeaders = await headers();
  try {
    await requestPasswordReset({ email: email.data, origin: appOrigin(), ip: clientIp(requestHeaders) });
  } catch (error) {
    if (isAppError(error) && error.kind === "rate_limited") return { error: error.message, values };
    throw error;
  }
  return { notice: RESET_NOTICE };
}

export async function setNewPassword(_prev: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const token = TokenSchema.safeParse(formData.get("token"));
  if (!token.success) return { error: "This link is not valid. Ask for a new one." };
  const password = NewPasswordSchema.safeParse(formData.get("password"));
  if (!password.success) return { fields: { password: password.error.issues[0]?.message } };
  const outcome = await resetPassword(token.data, password.data);
  return outcome.ok ? { notice: outcome.message } : { error: outcome.message };
}
