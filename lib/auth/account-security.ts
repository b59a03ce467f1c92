import "server-only";
import { createApiKey } from "../db/api-keys";
import { revokeCredentials } from "../db/credentials";
import { hasPassword } from "../db/external-accounts";
import { listProgramSessions, revokeProgramSession } from "../db/refresh-tokens";
import { sessionStartedSince } from "../db/sessions";
import { getUserWithSecret } from "../db/users";
import { waitText } from "../wait-text";
import { verifyCurrentPassword } from "./login";
import { getPermissions } from "./permissions";
import type { Scope } from "./scopes";
import { ssoProviderIdByName } from "./sso-providers";

/** Null when `password` is the account's current one, else what to tell the person (throttled like logins). */
export async function checkCurrentPassword(input: { userId: string; password: string; ip: string }) {
  const record = await getUserWithSecret(input.userId);
  if (!record) return "That password is not correct.";
  const check = await verifyCurrentPassword({ ...input, passwordHash: record.passwordHash });
  if (check.ok) return null;
  return check.reason === "rate_limited"
    ? `Too many attempts, try again in ${waitText(check.retryAfterSeconds)}.`
    : "That password is not correct.";
}

const RECENT_SIGN_IN_MS = 10 * 60 * 1000;
export const RECENT_SIGN_IN_NEEDED =
  "Your account has no password, so creating a key needs a fresh sign-in: log out, sign in again with your provider, and create the key within 10 minutes.";

export type NewKeyOutcome = { ok: true; key: string } | { ok: false; error: string; field?: "currentPassword" };

/**
 * An API key outlives the session that made it, so minting one takes more than a cookie: the current
 * password, and an email address the account has proven it owns (else whoever signs up with someone
 * else's address could keep a key after the owner recovers the account).
 */
export async function createApiKeyWithPassword(input: {
  user: { id: string; isEmailVerified: boolean; sessionId?: string };
  currentPassword: string;
  ip: string;
  name: string;
  scopes: Scope[];
  expiresAt: Date | null;
  keepConversations?: boolean;
}): Promise<NewKeyOutcome> {
  if (!(await getPermissions(input.user.id)).canCreateApiKeys) {
    return { ok: false, error: "Your role does not allow creating API keys." };
  }
  if (!input.user.isEmailVerified) {
    return { ok: false, error: "Verify your email address before creating an API key." };
  }
  const record = await getUserWithSecret(input.user.id);
  if (record && !hasPassword(record)) {
    // An account made through a sign-in provider has no password to ask for: a sign-in moments ago proves
    // the same (the provider asked for its own credentials).
    const since = new Date(Date.now() - RECENT_SIGN_IN_MS);
    const sessionId = input.user.sessionId;
    if (
      !sessionId ||
      !(await sessionStartedSince({ userId: input.user.id, sessionId, since, providerIdOf: ssoProviderIdByName }))
    ) {
      return { ok: false, error: RECENT_SIGN_IN_NEEDED };
    }
  } else {
    if (!input.currentPassword) return { ok: false, error: "Enter your current password.", field: "currentPassword" };
    const problem = await checkCurrentPassword({
      userId: input.user.id,
      password: input.currentPassword,
      ip: input.ip,
    });
    if (problem) return { ok: false, error: problem, field: "currentPassword" };
  }
  const { key } = await createApiKey({
    userId: input.user.id,
    name: input.name,
    scopes: input.scopes,
    expiresAt: input.expiresAt,
    keepConversations: input.keepConversations ?? false,
  });
  return { ok: true, key };
}

/** "Log out of all other sessions": other browser sessions, and every program's token family. */
export function endOtherSessions(input: { userId: string; keepSessionId: string }) {
  return revokeCredentials({ userId: input.userId, exceptSessionId: input.keepSessionId });
}

export const listPrograms = listProgramSessions;
export const logOutProgram = revokeProgramSession;
