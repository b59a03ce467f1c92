import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { AppError } from "../errors";
import { log } from "../log";
import { span } from "../timing";
import { auth } from "./config";
import { getRequestUser } from "./request-user";
import { TWO_FACTOR_SETUP_MESSAGE, TWO_FACTOR_SETUP_PATH } from "./two-factor-policy";

export interface CurrentUser {
  id: string;
  email: string;
  username: string;
  isSuperuser: boolean;
  isEmailVerified: boolean;
  /** An administrator requires 2FA of this user, who has not set it up yet: only the set-up is open to them. */
  mustSetUpTwoFactor: boolean;
  sessionId: string;
}

export interface RequireUserOptions {
  /** For the two-factor set-up itself: let in a user who must set up 2FA before anything else. */
  duringTwoFactorSetup?: boolean;
}

/** The signed-in user of this request (session re-validated against the database), or null. */
export async function getCurrentUser(): Promise<CurrentUser | null> {
  const session = await span("auth (session cookie)", () => auth());
  if (session?.unavailable) throw new AppError("unavailable:database");
  if (!session?.user?.id || !session.sessionId) return null;
  return { ...session.user, sessionId: session.sessionId };
}

/** For server actions, route handlers and pages: throws `unauthorized` when nobody valid is signed in. */
export async function requireUser(options: RequireUserOptions = {}): Promise<CurrentUser> {
  return checkRequiredUser(await getCurrentUser(), options);
}

/** requireUser's rule on a user already looked up (the tests give it one without a browser). */
export function checkRequiredUser(user: CurrentUser | null, options: RequireUserOptions = {}): CurrentUser {
  if (!user) {
    log.info("auth.refused", { reason: "no_session" });
    throw new AppError("unauthorized");
  }
  if (user.mustSetUpTwoFactor && !options.duringTwoFactorSetup) {
    log.info("auth.refused", { reason: "two_factor_setup_required", userId: user.id });
    throw new AppError("forbidden:two_factor_setup", { message: TWO_FACTOR_SETUP_MESSAGE });
  }
  return user;
}

/** For route handlers: like requireUser, from the request's cookie without Auth.js's session round (./request-user). */
export async function requireRequestUser(request: Request): Promise<CurrentUser> {
  return checkRequiredUser(await span("auth (session cookie)", () => getRequestUser(request)));
}

/**
 * For pages: sends a visitor without a valid session (never signed in, logged out, revoked) to the login
 * page. An expected refusal, so one log line and a redirect rather than a thrown error and a stack trace.
 */
export async function requirePageUser(options: RequireUserOptions = {}): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) {
    log.info("auth.refused", { reason: "no_session" });
    redirect("/login");
  }
  if (user.mustSetUpTwoFactor && !options.duringTwoFactorSetup) redirect(TWO_FACTOR_SETUP_PATH);
  return user;
}

export async function requireSuperuser(): Promise<CurrentUser> {
  const user = await requireUser();
  if (!user.isSuperuser) {
    log.warn("auth.refused", { reason: "not_superuser", userId: user.id });
    throw new AppError("forbidden");
  }
  return user;
}

/** For the login and signup pages: while the database is down nobody counts as signed in, so the form shows. */
export async function getCurrentUserIfReachable(): Promise<CurrentUser | null> {
  try {
    return await getCurrentUser();
  } catch (error) {
    if (error instanceof AppError && error.code === "unavailable:database") return null;
    throw error;
  }
}

/**
 * For the page templates: sends a user who must set up 2FA to the set-up page, from any other page. The path
 * comes from proxy.ts; without it nothing is redirected (actions and the API refuse such users anyway).
 */
export async function redirectToTwoFactorSetupIfRequired(): Promise<void> {
  const user = await getCurrentUserIfReachable();
  if (!user?.mustSetUpTwoFactor) return;
  if ((await headers()).get("x-parley-path") === TWO_FACTOR_SETUP_PATH) return;
  redirect(TWO_FACTOR_SETUP_PATH);
}
