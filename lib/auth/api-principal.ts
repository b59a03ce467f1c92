import "server-only";
import { findUsableApiKey, looksLikeApiKey } from "../db/api-keys";
import { AppError } from "../errors";
import { assertSameOrigin } from "../http";
import { looksLikeAccessToken, verifyAccessTokenUser } from "./access-tokens";
import { getRequestUser } from "./request-user";
import { SCOPES, type Scope } from "./scopes";
import { mustSetUpTwoFactor, TWO_FACTOR_SETUP_MESSAGE } from "./two-factor-policy";

export interface Principal {
  userId: string;
  via: "api_key" | "access_token" | "session";
  scopes: ReadonlySet<Scope>;
  /** The API key used (null for access tokens and sessions). */
  apiKey?: { id: string; keepConversations: boolean } | null;
}

/**
 * Who is calling a REST endpoint: `Authorization: Bearer <API key | access token>`, or the browser's
 * session cookie (then cross-site mutations are refused). Throws 401 when nobody valid is.
 */
export async function authenticateApiRequest(request: Request): Promise<Principal> {
  const header = request.headers.get("authorization");
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    const token = match?.[1];
    if (token && looksLikeApiKey(token)) {
      const key = await findUsableApiKey(token);
      if (key) {
        const scopes = (Array.isArray(key.scopes) ? key.scopes : []).filter((s): s is Scope =>
          (SCOPES as readonly string[]).includes(String(s)),
        );
        return {
          userId: key.userId,
          via: "api_key",
          scopes: new Set(scopes),
          apiKey: { id: key.id, keepConversations: key.keepConversations },
        };
      }
    } else if (token && looksLikeAccessToken(token)) {
      const user = await verifyAccessTokenUser(token);
      if (user) {
        // An access token is a login's credential, so an administrator's 2FA rule covers it (API keys are not).
        if (await mustSetUpTwoFactor(user)) {
          throw new AppError("forbidden:two_factor_setup", { message: TWO_FACTOR_SETUP_MESSAGE });
        }
        return { userId: user.id, via: "access_token", scopes: new Set(SCOPES) };
      }
    }
    throw new AppError("unauthorized:token", { message: "The API key or token is invalid, expired or revoked." });
  }
  const user = await getRequestUser(request);
  if (!user) throw new AppError("unauthorized", { message: "Send an API key or access token as a Bearer token." });
  if (user.mustSetUpTwoFactor) throw new AppError("forbidden:two_factor_setup", { message: TWO_FACTOR_SETUP_MESSAGE });
  if (!["GET", "HEAD", "OPTIONS"].includes(request.method)) assertSameOrigin(request);
  return { userId: user.id, via: "session", scopes: new Set(SCOPES) };
}

/** Whether the credential `principal` came with still names the same person and is still usable (streams ask). */
export async function principalStillValid(request: Request, principal: Principal): Promise<boolean> {
  try {
    return (await authenticateApiRequest(request)).userId === principal.userId;
  } catch (error) {
    if (error instanceof AppError && (error.kind === "unauthorized" || error.kind === "forbidden")) return false;
    throw error;
  }
}

export function requireScope(principal: Principal, scope: Scope): void {
  if (!principal.scopes.has(scope)) {
    throw new AppError("forbidden:scope", { message: `This API key lacks the "${scope}" scope.` });
  }
}
