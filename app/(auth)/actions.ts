"use server";

import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { AuthError } from "next-auth";
import { z } from "zod";
import { type ActionState, action, formAction, formText, refusal, submitAction, success } from "@/lib/action";
import { signIn, signOut } from "@/lib/auth/config";
import {
  requestPasswordReset,
  resendSignupVerification,
  resetPassword,
  sendVerificationEmail,
  verifyEmail,
} from "@/lib/auth/email-flows";
import { LIMITS } from "@/lib/auth/limits";
import { passkeySignInOffMessage, wrongLoginMessage } from "@/lib/auth/local-sign-in-policy";
import {
  AwaitingApproval,
  DatabaseUnavailable,
  EmailNotVerified,
  InvalidSecondFactor,
  LocalSignInOff,
  LoginTicketExpired,
  SecondFactorRequired,
  TooManyAttempts,
} from "@/lib/auth/login-errors";
import { passkeyLoginOptions } from "@/lib/auth/passkeys";
import { appOrigin, clientIp, ipRateLimitSubject } from "@/lib/auth/request-info";
import { EmailSchema, LoginSchema, NewPasswordSchema, SignupSchema, safeCallbackUrl } from "@/lib/auth/schemas";
import { registerUser } from "@/lib/auth/signup";
import { INVITE_COOKIE } from "@/lib/auth/sso-callback";
import { logoutDestination } from "@/lib/auth/sso-logout";
import { SsoProviderIdSchema, ssoProviderById } from "@/lib/auth/sso-providers";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { enforce } from "@/lib/rate-limit";
import { waitText } from "@/lib/wait-text";

const DATABASE_DOWN_AT_LOGIN =
  "Parley cannot reach its database right now, so your password could not be checked. Try again in a moment.";
const TICKET_EXPIRED = "That took too long. Enter your password again.";
const PASSKEY_ANSWER_UNREADABLE = "The browser's answer could not be read.";
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
  async ({ login, password, callbackUrl }, _nobody, formData) => {
    try {
      // On success signIn throws NEXT_REDIRECT, which the wrapper passes through.
      await signIn("credentials", { login, password, redirectTo: safeCallbackUrl(callbackUrl) });
    } catch (error) {
      // A correct password for an account with two-factor login: no session yet, the form asks for the code.
      // The ticket travels as the value of the code step's hidden field (see loginCodeRun).
      if (error instanceof SecondFactorRequired) {
        return success(null, {
          values: { login: String(formData.get("login") ?? "").slice(0, 320), ticket: error.ticket },
        });
      }
      if (error instanceof TooManyAttempts) {
        return refusal(`Too many attempts, try again in ${waitText(error.retryAfterSeconds)}.`);
      }
      if (error instanceof DatabaseUnavailable) return refusal(DATABASE_DOWN_AT_LOGIN);
      if (error instanceof AwaitingApproval) redirect("/signup/pending");
      if (error instanceof EmailNotVerified) redirect("/signup/check-email");
      if (error instanceof AuthError) return refusal(await wrongLoginMessage());
      throw error;
    }
    return success(null);
  },
);

/**
 * The login's second step: the ticket the password step answered, and an authentication or recovery code.
 * Public like the password step (nobody is signed in yet); the ticket, signed and short-lived, is what proves
 * the password was right. A refusal sends the ticket and login back (`keep`), so the form stays on this step;
 * an expired ticket is answered without one, which takes the form back to the password.
 */
const loginCodeRun = formAction(
  {
    name: "auth.loginCode",
    access: "public",
    input: z.object({
      ticket: z.string().max(1000).optional().catch(undefined),
      code: formText(
        z
          .string()
          .trim()
          .min(1, "Enter the code from your authenticator app, or a recovery code.")
          .max(64, "That is not a code."),
      ),
      callbackUrl: z.unknown().optional(),
    }),
    keep: { login: 320, ticket: 1000 },
  },
  async ({ ticket, code, callbackUrl }, _nobody, formData) => {
    const login = String(formData.get("login") ?? "").slice(0, 320);
    if (!ticket) return refusal(TICKET_EXPIRED, { values: { login } });
    try {
      await signIn("credentials", { ticket, code, redirectTo: safeCallbackUrl(callbackUrl) });
    } catch (error) {
      if (error instanceof InvalidSecondFactor)
        return refusal({ code: "That code is not right, or it was used already." });
      if (error instanceof TooManyAttempts) {
        return refusal(`Too many attempts, try again in ${waitText(error.retryAfterSeconds)}.`);
      }
      if (error instanceof LoginTicketExpired) return refusal(TICKET_EXPIRED, { values: { login } });
      if (error instanceof DatabaseUnavailable) return refusal(DATABASE_DOWN_AT_LOGIN);
      if (error instanceof AuthError) {
        return refusal("Something went wrong. Enter your password again.", { values: { login } });
      }
      throw error;
    }
    return success(null);
  },
);

/** One form, two steps: the code step's form sends the ticket its password step answered. */
export async function login(state: ActionState | null, formData: FormData): Promise<ActionState> {
  return formData.has("ticket") ? loginCodeRun(state, formData) : loginRun(state, formData);
}

/**
 * Step one of a passkey sign-in: a challenge (stored in the database, so any instance can finish it). Public,
 * since it signs someone in; limited per IP, as each call stores a challenge.
 */
const passkeySignInOptionsRun = action(
  { name: "auth.passkeyOptions", access: "public", input: z.unknown() },
  async () => {
    const requestHeaders = await headers();
    await enforce(LIMITS.passkeyChallengesPerIp, ipRateLimitSubject(clientIp(requestHeaders)));
    return passkeyLoginOptions(requestHeaders.get("origin"));
  },
);
export async function passkeySignInOptions(): Promise<ActionState<PublicKeyCredentialRequestOptionsJSON>> {
  return passkeySignInOptionsRun({});
}

/** Step two: the browser's signed answer; a valid one signs in (and redirects). Public, as the password step. */
const signInWithPasskeyRun = action(
  {
    name: "auth.passkeySignIn",
    access: "public",
    input: z.object({
      credential: z
        .string({ error: PASSKEY_ANSWER_UNREADABLE })
        .min(1, PASSKEY_ANSWER_UNREADABLE)
        .max(64_000, PASSKEY_ANSWER_UNREADABLE),
      callbackUrl: z.unknown().optional(),
    }),
  },
  async ({ credential, callbackUrl }) => {
    const origin = (await headers()).get("origin") ?? undefined;
    try {
      await signIn("credentials", { passkey: credential, origin, redirectTo: safeCallbackUrl(callbackUrl) });
    } catch (error) {
      if (error instanceof DatabaseUnavailable) throw new AppError("unavailable", { message: DATABASE_DOWN_AT_LOGIN });
      if (error instanceof LocalSignInOff)
        throw new AppError("forbidden:sso_only", { message: passkeySignInOffMessage() });
      if (error instanceof AuthError) {
        throw new AppError("unauthorized:passkey", {
          message: "That passkey could not sign you in. Try again, or use your password.",
        });
      }
      throw error;
    }
    return null;
  },
);
export async function signInWithPasskey(input: { credential: string; callbackUrl: string }): Promise<ActionState> {
  return signInWithPasskeyRun(input);
}

/** The invite link's token, when the person came with one (anything malformed counts as none). */
const InviteToken = z.string().trim().min(1).max(200).optional().catch(undefined);

const signupRun = formAction(
  {
    name: "auth.signup",
    access: "public",
    input: SignupSchema.extend({ invite: InviteToken }),
    keep: { email: 320, username: 64 },
  },
  async ({ invite, ...input }) => {
    // Closed, invite-only, domains and approval are all decided in registerUser; its refusals become the
    // form's message (a domain refusal sits next to the email field).
    const user = await registerUser({ ...input, ip: clientIp(await headers()), inviteToken: invite ?? null });
    const userId = user.id;
    try {
      await sendVerificationEmail({ userId, origin: appOrigin() });
    } catch (error) {
      // The account exists either way; the banner offers to resend.
      log.error("auth.verification_failed", { userId, error });
    }
    if (user.pendingApproval) redirect("/signup/pending");
    // Signed up under the allowed-domains rule: no session until the address is proven.
    if (user.mustVerifyEmail) redirect("/signup/check-email");
    await signIn("credentials", { login: input.email, password: input.password, redirectTo: "/" });
    return success(null);
  },
);
export async function signup(state: ActionState | null, formData: FormData): Promise<ActionState> {
  return signupRun(state, formData);
}

/**
 * "Sign in with <provider>": starts the provider's login (Auth.js sets the state, PKCE and nonce cookies and
 * redirects). An invite link's token rides along in a short-lived cookie for a sign-up by invite.
 */
const ssoSignInRun = submitAction(
  {
    name: "auth.ssoSignIn",
    access: "public",
    input: z.object({
      provider: SsoProviderIdSchema,
      callbackUrl: z.unknown().optional(),
      invite: z.string().max(200).optional(),
    }),
  },
  async ({ provider, callbackUrl, invite }) => {
    if (!ssoProviderById(provider))
      throw new AppError("not_found", { message: "That sign-in provider is not set up." });
    if (invite) {
      (await cookies()).set(INVITE_COOKIE, invite, { httpOnly: true, sameSite: "lax", path: "/", maxAge: 10 * 60 });
    }
    await signIn(provider, { redirectTo: safeCallbackUrl(callbackUrl) });
  },
);
export async function signInWithProvider(formData: FormData): Promise<void> {
  return ssoSignInRun(formData);
}

const logoutRun = submitAction({ name: "auth.logout", access: "public", input: z.unknown() }, async () => {
  // The provider's end-session endpoint (RP-initiated logout), or the login page; read before the cookie goes.
  const destination = await logoutDestination();
  await signOut({ redirect: false });
  redirect(destination);
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

const SIGNUP_LINK_NOTICE =
  "If an account with that address is waiting for its confirmation, we sent it a new link. It expires in 24 hours.";

const resendSignupLinkRun = formAction(
  {
    name: "auth.resendSignupLink",
    access: "public",
    input: z.object({ email: EmailSchema.optional().catch(undefined) }),
    keep: { email: 320 },
  },
  async ({ email }) => {
    if (!email)
      throw new AppError("validation", { fields: [{ field: "email", message: "Enter a valid email address." }] });
    await resendSignupVerification({ email, origin: appOrigin(), ip: clientIp(await headers()) });
    return success(null, { notice: SIGNUP_LINK_NOTICE });
  },
);
export async function resendSignupLink(state: ActionState | null, formData: FormData): Promise<ActionState> {
  return resendSignupLinkRun(state, formData);
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
