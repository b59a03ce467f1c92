import "server-only";
import { recordAudit } from "../audit";
import { checkInvite, INVITE_PROBLEMS } from "../db/invites";
import { createUser, getUserById, normalizeEmail } from "../db/users";
import { AppError } from "../errors";
import { log } from "../log";
import { hit } from "../rate-limit";
import { waitText } from "../wait-text";
import type { SignupSettings } from "./admin-schemas";
import { signupRule } from "./limits";
import { localSignInOff, passwordSignupOffMessage } from "./local-sign-in-policy";
import { hashPassword } from "./password";
import { ipRateLimitSubject } from "./request-info";
import { getSignupSettings } from "./signup-settings";

export const SIGNUP_CLOSED_MESSAGE =
  "Sign-up is closed on this Parley. Ask an administrator to create an account for you.";
export const INVITE_REQUIRED_MESSAGE = "Sign-up on this Parley needs an invite link. Ask an administrator for one.";

export interface SignupInput {
  email: string;
  username: string;
  password: string;
  ip: string;
  /** The token of the invite link the person came with, if any. */
  inviteToken?: string | null;
}

/** What the sign-up page may offer: null when sign-up is open to this visitor, else why not. */
export async function signupRefusal(inviteToken?: string | null): Promise<string | null> {
  const settings = await getSignupSettings();
  if (settings.mode === "closed") return SIGNUP_CLOSED_MESSAGE;
  if (inviteToken) {
    const problem = await checkInvite(inviteToken);
    return problem ? INVITE_PROBLEMS[problem] : null;
  }
  return settings.mode === "invite" ? INVITE_REQUIRED_MESSAGE : null;
}

export function emailDomainAllowed(email: string, settings: Pick<SignupSettings, "allowedDomains">): boolean {
  if (settings.allowedDomains.length === 0) return true;
  const domain = normalizeEmail(email).split("@").at(-1) ?? "";
  return settings.allowedDomains.includes(domain);
}

/**
 * An account that signed up under the allowed-domains rule keeps an address in those domains: why `newEmail`
 * may not become its address, or null. Checked when the change is asked for and again when its link is opened.
 */
export async function emailChangeRefusal(userId: string, newEmail: string): Promise<string | null> {
  const [user, settings] = await Promise.all([getUserById(userId), getSignupSettings()]);
  if (!user?.mustVerifyEmail || emailDomainAllowed(newEmail, settings)) return null;
  return `Use an address ending in ${settings.allowedDomains.map((d) => `@${d}`).join(", ")}.`;
}

/**
 * Creates an account as the sign-up settings allow: closed refuses, invite-only needs a usable invite
 * (whose use is taken in the account's transaction), allowed domains and approval apply to sign-ups
 * without an invite. Sign-ups are counted per IP first (the count includes attempts that clash).
 */
export async function registerUser(input: SignupInput) {
  // A password account could not sign in while only administrators may use a password: the provider signs up.
  if (await localSignInOff()) throw new AppError("forbidden:sso_only", { message: passwordSignupOffMessage() });
  const settings = await getSignupSettings();
  const inviteToken = input.inviteToken || null;
  if (settings.mode === "closed") throw new AppError("forbidden:signup_closed", { message: SIGNUP_CLOSED_MESSAGE });
  if (settings.mode === "invite" && !inviteToken) {
    throw new AppError("forbidden:invite_required", { message: INVITE_REQUIRED_MESSAGE });
  }
  const limit = await hit(signupRule(), ipRateLimitSubject(input.ip));
  if (!limit.allowed) {
    log.warn("auth.signup_throttled", { ip: input.ip });
    throw new AppError("rate_limited:signup", {
      message: `Too many sign-ups from your network, try again in ${waitText(limit.retryAfterSeconds)}.`,
      retryAfterSeconds: limit.retryAfterSeconds,
    });
  }
  if (!inviteToken && !emailDomainAllowed(input.email, settings)) {
    const domains = settings.allowedDomains.map((d) => `@${d}`).join(", ");
    throw new AppError("forbidden:email_domain", {
      message: `Sign-up is open to addresses ending in ${domains}.`,
      fields: [{ field: "email", message: `Use an address ending in ${domains}.` }],
    });
  }
  const passwordHash = await hashPassword(input.password);
  // An address in an allowed domain proves nothing until its owner opens the link sent to it.
  const domainRule = !inviteToken && settings.allowedDomains.length > 0;
  const user = await createUser(
    { email: input.email, username: input.username, passwordHash },
    {
      inviteToken: inviteToken ?? undefined,
      pendingApproval: !inviteToken && settings.requireApproval,
      mustVerifyEmail: domainRule,
    },
  );
  const pendingApproval = !user.isSuperuser && !inviteToken && settings.requireApproval;
  log.info("auth.signup", { userId: user.id, ip: input.ip, invited: Boolean(inviteToken), pendingApproval });
  await recordAudit({
    action: "auth.signup",
    actorId: user.id,
    subjectId: user.id,
    ip: input.ip,
    details: {
      ...(inviteToken ? { invite: inviteToken.slice(0, 10) } : {}),
      ...(pendingApproval ? { pending: "yes" } : {}),
    },
  });
  return { ...user, pendingApproval };
}
