import "server-only";
import { createHmac } from "node:crypto";
import { cookies, headers } from "next/headers";
import type { Account, Profile, User } from "next-auth";
import { z } from "zod";
import { safeEqual } from "../crypto";
import { revokeSession } from "../db/sessions";
import { log } from "../log";
import { clientIp } from "./request-info";
import { derivedKey } from "./server-keys";
import { signInWithSso } from "./sso";
import { identityFromProfile, type SsoProviderId, ssoProviderById } from "./sso-providers";

export const CONNECT_COOKIE = "parley-sso-connect";
export const INVITE_COOKIE = "parley-sso-invite";
export const CONNECTED_ACCOUNTS_PATH = "/settings/connected-accounts";
const CONNECT_TTL_SECONDS = 10 * 60;

const ConnectIntent = z.object({ uid: z.string(), sid: z.string(), provider: z.string(), exp: z.number() });

function sign(body: string): string {
  return createHmac("sha256", derivedKey("sso-connect-v1")).update(body).digest("base64url");
}

/** The cookie a "Sign in with …" from an invite link sets, so the callback can sign up by that invite. */
export function inviteCookie(invite: string) {
  return {
    name: INVITE_COOKIE,
    value: invite,
    options: { httpOnly: true, sameSite: "lax" as const, path: "/", maxAge: 10 * 60 },
  };
}

/** The cookie a signed-in person's "Connect" sets: which account and session the next callback belongs to. */
export function connectIntentCookie(input: { userId: string; sessionId: string; provider: SsoProviderId }) {
  const body = Buffer.from(
    JSON.stringify({
      uid: input.userId,
      sid: input.sessionId,
      provider: input.provider,
      exp: Math.floor(Date.now() / 1000) + CONNECT_TTL_SECONDS,
    }),
  ).toString("base64url");
  return {
    name: CONNECT_COOKIE,
    value: `${body}.${sign(body)}`,
    options: { httpOnly: true, sameSite: "lax" as const, path: "/", maxAge: CONNECT_TTL_SECONDS },
  };
}

export function readConnectIntent(value: string | undefined, now = Date.now()) {
  if (!value || value.length > 2000) return null;
  const [body, signature] = value.split(".");
  if (!body || !signature || !safeEqual(signature, sign(body))) return null;
  try {
    const intent = ConnectIntent.parse(JSON.parse(Buffer.from(body, "base64url").toString("utf8")));
    return intent.exp * 1000 > now ? intent : null;
  } catch {
    return null;
  }
}

/**
 * Auth.js's `signIn` callback for the providers other than the password: maps the provider's identity to a
 * Parley account and starts its session (put on `user`, which the `jwt` callback turns into the cookie), or
 * answers where to send the person instead.
 */
export async function ssoSignInCallback(params: {
  user: User;
  account?: Account | null;
  profile?: Profile;
}): Promise<boolean | string> {
  const { user, account, profile } = params;
  if (!account || account.provider === "credentials") return true;
  const provider = ssoProviderById(account.provider);
  if (!provider) return false;
  const identity = identityFromProfile(provider.id, profile, user.email);
  if (!identity) {
    log.warn("auth.sso_profile_unusable", { provider: provider.id });
    return "/login?error=sso_profile";
  }
  const jar = await cookies();
  const requestHeaders = await headers();
  const connectTo = await currentConnectIntent(jar.get(CONNECT_COOKIE)?.value, provider.id);
  const inviteToken = jar.get(INVITE_COOKIE)?.value?.slice(0, 200) ?? null;
  jar.delete(CONNECT_COOKIE);
  jar.delete(INVITE_COOKIE);
  const outcome = await signInWithSso({
    provider,
    identity,
    ip: clientIp(requestHeaders),
    headers: requestHeaders,
    connectToUserId: connectTo,
    inviteToken,
  });
  if (outcome.kind === "connected") return `${CONNECTED_ACCOUNTS_PATH}?connected=${provider.id}`;
  if (outcome.kind === "refused") {
    if (connectTo) return `${CONNECTED_ACCOUNTS_PATH}?error=${outcome.reason}`;
    if (outcome.reason === "pending_approval") return "/signup/pending";
    return `/login?error=${outcome.reason}`;
  }
  await endReplacedSession(outcome.user.id);
  user.id = outcome.user.id;
  user.email = outcome.user.email;
  user.name = outcome.user.name;
  user.sessionToken = outcome.user.sessionToken;
  return true;
}

/** The connecting account, only while the browser is still signed in to that account's session. */
async function currentConnectIntent(cookie: string | undefined, provider: SsoProviderId): Promise<string | null> {
  const intent = readConnectIntent(cookie);
  if (!intent || intent.provider !== provider) return null;
  const { auth } = await import("./config");
  const session = await auth();
  if (!session || session.unavailable || session.user.id !== intent.uid || session.sessionId !== intent.sid) {
    return null;
  }
  return intent.uid;
}

/**
 * "Sign in again" from settings (a recent sign-in in place of a password): the browser's current session of the
 * same account is replaced by the new one, so Settings → Sessions does not list this browser twice.
 */
async function endReplacedSession(userId: string): Promise<void> {
  const { auth } = await import("./config");
  const session = await auth();
  if (session && !session.unavailable && session.user.id === userId) {
    await revokeSession({ userId, sessionId: session.sessionId });
  }
}
