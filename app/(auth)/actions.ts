"use server";

import { headers } from "next/headers";
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
import { inviteCookie } from "@/lib/auth/sso-callback";
import { logoutDestination } from "@/lib/auth/sso-logout";
import { SsoProviderIdSchema } from "@/lib/auth/sso-providers";
import { startSsoLogin } from "@/lib/auth/sso-start";
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

const loginPasswordStep = formAction(
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
      // The ticket travels as the value of the code step's hidden field (see loginCodeStep).
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
const loginCodeStep = formAction(
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
export async function loginAction(state: ActionState | null, formData: FormData): Promise<ActionState> {
  return formData.has("ticket") ? loginCodeStep(state, formData) : loginPasswordStep(state, formData);
}

/**
 * Step one of a passkey sign-in: a challenge (stored in the database, so any instance can finish it). Public,
 * since it signs someone in; limited per IP, as each call stores a challenge.
 */
export const passkeySignInOptionsAction = action(
  { name: "auth.passkeyOptions", access: "public", input: z.unknown() },
  async () => {
    const requestHeaders = await headers();
    await enforce(LIMITS.passkeyChallengesPerIp, ipRateLimitSubject(clientIp(requestHeaders)));
    return passkeyLoginOptions(requestHeaders.get("origin"));
  },
);

/** Step two: the browser's signed answer; a valid one signs in (and redirects). Public, as the password step. */
export const signInWithPasskeyAction = action(
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

/** The invite link's token, when the person came with one (anything malformed counts as none). */
const InviteToken = z.string().trim().min(1).max(200).optional().catch(undefined);

export const signupAction = formAction(
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

/**
 * "Sign in with <provider>": starts the provider's login (Auth.js sets the state, PKCE and nonce cookies and
 * redirects). An invite link's token rides along in a short-lived cookie for a sign-up by invite.
 */
export const signInWithProviderAction = submitAction(
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
    await startSsoLogin(provider, {
      intent: invite ? inviteCookie(invite) : null,
      redirectTo: safeCallbackUrl(callbackUrl),
    });
  },
);

export const logoutAction = submitAction({ name: "auth.logout", access: "public", input: z.unknown() }, async () => {
  // The provider's end-session endpoint (RP-initiated logout), or the login page; read before the cookie goes.
  const destination = await logoutDestination();
  await signOut({ redirect: false });
  redirect(destination);
});

export const resendVerificationAction = formAction(
  { name: "auth.resendVerification", input: z.unknown(), signedOut: "login" },
  async (_input, user) => {
    if (user.isEmailVerified) return success(null, { notice: "Your email is already verified." });
    await sendVerificationEmail({ userId: user.id, origin: appOrigin() });
    return success(null, { notice: `We sent a new link to ${user.email}.` });
  },
);

export const confirmEmailAction = formAction(
  { name: "auth.confirmEmail", access: "public", input: z.object({ token: LinkToken }) },
  async ({ token }) => {
    if (!token) return refusal(LINK_NOT_VALID);
    const outcome = await verifyEmail(token);
    return outcome.ok ? success(null, { notice: outcome.message }) : refusal(outcome.message);
  },
);

const SIGNUP_LINK_NOTICE =
  "If an account with that address is waiting for its confirmation, we sent it a new link. It expires in 24 hours.";

/**
 * A public form that mails a link to the address typed (a new sign-up link, a password reset). The notice is
 * the same whether or not an account uses the address, so the form does not tell who has one.
 */
function mailLinkAction(
  name: string,
  notice: string,
  send: (request: { email: string; origin: string; ip: string }) => Promise<unknown>,
) {
  return formAction(
    {
      name,
      access: "public",
      input: z.object({ email: EmailSchema.optional().catch(undefined) }),
      keep: { email: 320 },
    },
    async ({ email }) => {
      if (!email)
        throw new AppError("validation", { fields: [{ field: "email", message: "Enter a valid email address." }] });
      await send({ email, origin: appOrigin(), ip: clientIp(await headers()) });
      return success(null, { notice });
    },
  );
}

export const resendSignupLinkAction = mailLinkAction(
  "auth.resendSignupLink",
  SIGNUP_LINK_NOTICE,
  resendSignupVerification,
);

export const forgotPasswordAction = mailLinkAction("auth.forgotPassword", RESET_NOTICE, requestPasswordReset);

export const setNewPasswordAction = formAction(
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
