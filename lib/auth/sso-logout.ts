import "server-only";
import { headers } from "next/headers";
import type { Account } from "next-auth";
import { getToken, type JWT } from "next-auth/jwt";
import { z } from "zod";
import { env, secureOrLoopback } from "../env";
import { log } from "../log";
import { appOrigin } from "./request-info";

// RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0), with AUTH_OIDC_LOGOUT=on: logging out of a
// session that began at the `oidc` provider also ends the person's session there, and the provider sends the
// browser back to <APP_URL>/login (the post-logout redirect URI to register at the provider). Off by default,
// since a provider refuses a redirect URI nobody registered.
//
// The ID token is sent as `id_token_hint` (Okta requires it; Keycloak then skips its confirmation). It rides in
// the session cookie, which Auth.js encrypts (A256CBC-HS512 under AUTH_SECRET), and is never stored elsewhere
// or logged; an unusually large one (thousands of groups) is left out to keep the cookie small, and `client_id`
// alone names the client then, which the spec allows.

const LOGIN_PATH = "/login";
const MAX_ID_TOKEN_CHARS = 2500;
const DISCOVERY_TIMEOUT_MS = 3000;

export function rpLogoutEnabled(): boolean {
  const e = env();
  return e.AUTH_OIDC_LOGOUT && Boolean(e.AUTH_OIDC_ISSUER && e.AUTH_OIDC_ID);
}

/** In the `jwt` callback at sign-in: which provider the session began at, and its ID token for the logout. */
export function rememberProviderSession(token: JWT, account: Account | null | undefined): void {
  if (!account || account.provider === "credentials") return;
  token.provider = account.provider;
  if (account.provider === "oidc" && rpLogoutEnabled() && account.id_token) {
    if (account.id_token.length <= MAX_ID_TOKEN_CHARS) token.idToken = account.id_token;
  }
}

const Discovery = z.object({ end_session_endpoint: z.url().refine(secureOrLoopback).optional() });

/** The provider's end_session_endpoint from its discovery document, or null (with a warning) when it has none. */
async function endSessionEndpoint(issuer: string): Promise<string | null> {
  const url = new URL(".well-known/openid-configuration", issuer.endsWith("/") ? issuer : `${issuer}/`);
  try {
    const response = await fetch(url, { redirect: "error", signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`discovery answered ${response.status}`);
    const endpoint = Discovery.parse(await response.json()).end_session_endpoint;
    if (!endpoint) log.warn("auth.sso_logout_unsupported", { issuer });
    return endpoint ?? null;
  } catch (error) {
    log.warn("auth.sso_logout_discovery_failed", { issuer, error });
    return null;
  }
}

/** The session cookie's token (the secure name behind https, the plain one otherwise). */
async function currentToken(): Promise<JWT | null> {
  const secret = env().AUTH_SECRET;
  if (!secret) return null;
  const req = { headers: await headers() };
  for (const secureCookie of [true, false]) {
    const token = await getToken({ req, secret, secureCookie }).catch(() => null);
    if (token) return token;
  }
  return null;
}

/**
 * Where to send the browser once Parley's session has ended: the provider's end-session endpoint when the
 * session began there and RP-initiated logout is on, else the login page. Read before signing out.
 */
export async function logoutDestination(): Promise<string> {
  if (!rpLogoutEnabled()) return LOGIN_PATH;
  const token = await currentToken();
  if (token?.provider !== "oidc") return LOGIN_PATH;
  const { AUTH_OIDC_ISSUER, AUTH_OIDC_ID } = env();
  const endpoint = AUTH_OIDC_ISSUER && AUTH_OIDC_ID ? await endSessionEndpoint(AUTH_OIDC_ISSUER) : null;
  if (!endpoint) return LOGIN_PATH;
  const url = new URL(endpoint);
  url.searchParams.set("client_id", AUTH_OIDC_ID as string);
  url.searchParams.set("post_logout_redirect_uri", `${appOrigin()}${LOGIN_PATH}`);
  if (typeof token.idToken === "string") url.searchParams.set("id_token_hint", token.idToken);
  return url.toString();
}
