import "server-only";
import { recordAudit } from "../audit";
import { randomToken } from "../crypto";
import {
  connectExternalAccount,
  emailInUse,
  findExternalAccount,
  listExternalAccounts,
  NO_PASSWORD,
  recordExternalSignIn,
  setSuperuserFromGroups,
  syncManagedRoles,
  usernameTaken,
} from "../db/external-accounts";
import { createUser, markEmailVerified } from "../db/users";
import { AppError } from "../errors";
import { log } from "../log";
import { hit } from "../rate-limit";
import { type AuthorizedUser, startSession } from "./authorize";
import { signupRule } from "./limits";
import { ipRateLimitSubject } from "./request-info";
import { emailDomainAllowed } from "./signup";
import { getSignupSettings } from "./signup-settings";
import { adminGroups, roleGroups, type SsoIdentity, type SsoProvider } from "./sso-providers";

/** Why a sign-in through a provider was refused; the login page says what each means (SSO_REFUSAL_MESSAGES). */
export type SsoRefusal =
  | "email_in_use"
  | "no_email"
  | "signup_closed"
  | "invite_invalid"
  | "domain_not_allowed"
  | "inactive"
  | "pending_approval"
  | "rate_limited"
  | "connected_elsewhere"
  | "provider_already_connected";

export type SsoOutcome =
  | { kind: "signed_in"; user: AuthorizedUser }
  | { kind: "connected" }
  | { kind: "refused"; reason: SsoRefusal };

export interface SsoSignInInput {
  provider: SsoProvider;
  identity: SsoIdentity;
  ip: string;
  headers: Headers;
  /** Set when a signed-in person connects this provider in settings (checked by the caller). */
  connectToUserId?: string | null;
  /** The invite link the person came with, if any (sign-up by invite). */
  inviteToken?: string | null;
}

/**
 * Maps a provider's identity to a Parley account. The account is found by the provider's subject only: an
 * address the provider asserts never opens an existing account (that person connects the provider in
 * settings after signing in their own way). A new account follows the sign-up settings.
 */
export async function signInWithSso(input: SsoSignInInput): Promise<SsoOutcome> {
  const { provider, identity, ip } = input;
  if (input.connectToUserId) return connect(input, input.connectToUserId);
  const known = await findExternalAccount({ provider: provider.id, subject: identity.subject });
  let user: { id: string; email: string; username: string };
  if (known) {
    if (!known.user.isActive || known.user.deletedAt) return refuse(input, "inactive", known.user.id);
    if (known.user.pendingApproval) return refuse(input, "pending_approval", known.user.id);
    await recordExternalSignIn({ id: known.id, email: identity.email });
    user = known.user;
  } else {
    const created = await createAccount(input);
    if ("reason" in created) return refuse(input, created.reason, created.userId ?? null);
    user = created;
  }
  if (provider.id === "oidc") await applyGroupRights(user.id, identity.groups, ip);
  return { kind: "signed_in", user: await startSession(user, ip, input.headers, "sso", provider.name) };
}

async function connect(input: SsoSignInInput, userId: string): Promise<SsoOutcome> {
  const { provider, identity, ip } = input;
  const known = await findExternalAccount({ provider: provider.id, subject: identity.subject });
  if (known) {
    return known.user.id === userId ? { kind: "connected" } : refuse(input, "connected_elsewhere", userId);
  }
  if ((await listExternalAccounts(userId)).some((a) => a.provider === provider.id)) {
    return refuse(input, "provider_already_connected", userId);
  }
  await connectExternalAccount({ userId, provider: provider.id, subject: identity.subject, email: identity.email });
  await recordAudit({
    action: "auth.sso_connected",
    actorId: userId,
    subjectId: userId,
    ip,
    details: { provider: provider.name },
  });
  log.info("auth.sso_connected", { userId, provider: provider.id });
  return { kind: "connected" };
}

async function createAccount(
  input: SsoSignInInput,
): Promise<{ id: string; email: string; username: string } | { reason: SsoRefusal; userId?: string }> {
  const { identity, ip } = input;
  if (!identity.email) return { reason: "no_email" };
  // Never an existing account by its address, whatever the provider says about it (no takeover by email).
  if (await emailInUse(identity.email)) return { reason: "email_in_use" };
  const settings = await getSignupSettings();
  const inviteToken = input.inviteToken || null;
  if (!inviteToken && settings.mode !== "open" && !settings.ssoSignup) return { reason: "signup_closed" };
  if (
    !inviteToken &&
    settings.allowedDomains.length > 0 &&
    (!identity.emailVerified || !emailDomainAllowed(identity.email, settings))
  ) {
    return { reason: "domain_not_allowed" };
  }
  const limit = await hit(signupRule(), ipRateLimitSubject(ip));
  if (!limit.allowed) return { reason: "rate_limited" };
  const pendingApproval = !inviteToken && settings.requireApproval;
  let user: Awaited<ReturnType<typeof createUser>>;
  try {
    user = await createUser(
      { email: identity.email, username: await uniqueUsername(identity), passwordHash: NO_PASSWORD },
      { pendingApproval, inviteToken: inviteToken ?? undefined },
    );
  } catch (error) {
    // Another sign-up took the address (or the username) in the meantime.
    if (error instanceof AppError && error.code.startsWith("conflict")) return { reason: "email_in_use" };
    if (error instanceof AppError && error.code.startsWith("forbidden:invite")) return { reason: "invite_invalid" };
    throw error;
  }
  await connectExternalAccount({
    userId: user.id,
    provider: input.provider.id,
    subject: identity.subject,
    email: identity.email,
  });
  if (identity.emailVerified) await markEmailVerified(user.id, null);
  const pending = pendingApproval && !user.isSuperuser;
  await recordAudit({
    action: "auth.signup",
    actorId: user.id,
    subjectId: user.id,
    ip,
    details: { provider: input.provider.name, ...(pending ? { pending: "yes" } : {}) },
  });
  log.info("auth.signup", { userId: user.id, ip, provider: input.provider.id, pendingApproval: pending });
  if (pending) return { reason: "pending_approval", userId: user.id };
  return user;
}

const USERNAME_CHARS = /[^a-zA-Z0-9_.-]/g;

/** preferred_username, else the address's local part, reduced to username characters and made unique. */
export async function uniqueUsername(identity: Pick<SsoIdentity, "preferredUsername" | "email">): Promise<string> {
  const source = identity.preferredUsername ?? identity.email?.split("@")[0] ?? "";
  let base = source.replace(USERNAME_CHARS, "").slice(0, 28);
  if (base.length < 3) base = `user${base}`;
  if (!(await usernameTaken(base))) return base;
  for (let n = 2; n < 50; n++) {
    const candidate = `${base}${n}`;
    if (!(await usernameTaken(candidate))) return candidate;
  }
  return `${base.slice(0, 20)}-${randomToken(6).replace(USERNAME_CHARS, "").slice(0, 8)}`;
}

/** AUTH_OIDC_ADMIN_GROUPS and AUTH_OIDC_ROLE_GROUPS, applied at every sign-in from the `groups` claim. */
async function applyGroupRights(userId: string, groups: string[], ip: string): Promise<void> {
  const admin = adminGroups();
  const mapping = roleGroups();
  const member = new Set(groups);
  const changes: string[] = [];
  if (admin.length > 0) {
    const change = await setSuperuserFromGroups(
      userId,
      admin.some((g) => member.has(g)),
    );
    if (change) changes.push(change === "granted" ? "+administrator" : "-administrator");
  }
  if (mapping.length > 0) {
    const { granted, removed } = await syncManagedRoles({
      userId,
      managed: [...new Set(mapping.map((m) => m.role))],
      wanted: mapping.filter((m) => member.has(m.group)).map((m) => m.role),
    });
    changes.push(...granted.map((r) => `+${r}`), ...removed.map((r) => `-${r}`));
  }
  if (changes.length > 0) {
    await recordAudit({
      action: "auth.sso_roles_changed",
      actorId: null,
      subjectId: userId,
      ip,
      details: { changes: changes.join(", ") },
    });
  }
}

async function refuse(input: SsoSignInInput, reason: SsoRefusal, userId: string | null): Promise<SsoOutcome> {
  log.info("auth.sso_refused", { provider: input.provider.id, reason, userId, ip: input.ip });
  await recordAudit({
    action: "auth.sso_refused",
    actorId: null,
    subjectId: userId,
    ip: input.ip,
    details: { provider: input.provider.name, reason },
  });
  return { kind: "refused", reason };
}

export const SSO_REFUSAL_MESSAGES: Record<SsoRefusal, string> = {
  email_in_use:
    "A Parley account already uses this email address. Log in with your password, then connect the provider in Settings → Connected accounts.",
  no_email: "The sign-in provider did not share an email address, which Parley needs for a new account.",
  signup_closed: "Sign-up is closed on this Parley: only existing or invited accounts can sign in.",
  invite_invalid: "That invite link cannot be used (any more). Ask an administrator for a new one.",
  domain_not_allowed: "Sign-up on this Parley is open only to verified addresses of certain domains.",
  inactive: "This account cannot sign in. Ask an administrator.",
  pending_approval: "Your account is waiting for an administrator's approval. You can sign in once it is approved.",
  rate_limited: "Too many sign-ups from your network. Try again later.",
  connected_elsewhere: "That provider account is already connected to another Parley account.",
  provider_already_connected: "You already connected an account of that provider. Disconnect it first.",
};

export function isSsoRefusal(value: unknown): value is SsoRefusal {
  return typeof value === "string" && Object.hasOwn(SSO_REFUSAL_MESSAGES, value);
}

/** The login page's message for its `error` parameter: a refusal above, or Auth.js's own error name. */
export function ssoErrorMessage(error: unknown): string | undefined {
  if (typeof error !== "string" || !error) return undefined;
  if (isSsoRefusal(error)) return SSO_REFUSAL_MESSAGES[error];
  if (error === "sso_profile") return "The sign-in provider's answer could not be used: it named no account.";
  return "Signing in with the provider did not complete. Start again from this page.";
}
