import "server-only";
import { getToken } from "next-auth/jwt";
import { hashToken } from "../crypto";
import { findValidSession } from "../db/sessions";
import { isDatabaseUnavailable } from "../db/unavailable";
import { env } from "../env";
import { AppError } from "../errors";
import type { CurrentUser } from "./current-user";
import { mustSetUpTwoFactorGiven } from "./two-factor-policy";

const SECURE_COOKIE = "__Secure-authjs.session-token";
const COOKIE = "authjs.session-token";

/**
 * The signed-in user of a route handler's request, checked exactly as the `jwt` callback in ./config checks it
 * (the cookie's encrypted token, then its session row, so a revocation takes effect on the next request), but
 * without Auth.js's session round: `auth()` also re-encrypts and re-sends the cookie on every call, which cost
 * about 2 ms of every message sent. Pages and server actions keep `auth()`, which slides the cookie's expiry.
 */
export async function getRequestUser(request: Request): Promise<CurrentUser | null> {
  const cookie = request.headers.get("cookie") ?? "";
  const secureCookie = cookie.includes(SECURE_COOKIE);
  if (!secureCookie && !cookie.includes(COOKIE)) return null;
  // Only the cookie is passed on: getToken would otherwise try an Authorization header as a token too.
  const token = await getToken({
    req: { headers: new Headers({ cookie }) },
    secret: env().AUTH_SECRET,
    secureCookie,
  });
  if (!token || typeof token.sessionToken !== "string" || typeof token.sub !== "string") return null;
  let session: Awaited<ReturnType<typeof findValidSession>>;
  try {
    session = await findValidSession(hashToken(token.sessionToken));
  } catch (error) {
    if (isDatabaseUnavailable(error)) throw new AppError("unavailable:database");
    throw error;
  }
  if (!session || session.userId !== token.sub) return null;
  return {
    id: session.userId,
    email: session.user.email,
    username: session.user.username,
    isSuperuser: session.user.isSuperuser,
    isEmailVerified: Boolean(session.user.emailVerifiedAt),
    mustSetUpTwoFactor: mustSetUpTwoFactorGiven(session),
    sessionId: session.id,
  };
}
