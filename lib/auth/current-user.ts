import "server-only";
import { redirect } from "next/navigation";
import { AppError } from "../errors";
import { log } from "../log";
import { auth } from "./config";
import { getRequestUser } from "./request-user";
import { span } from "../timing";

export interface CurrentUser {
  id: string;
  email: string;
  username: string;
  isSuperuser: boolean;
  isEmailVerified: boolean;
  sessionId: string;
}

/** The signed-in user of this request (session re-validated against the database), or null. */
export async function getCurrentUser(): Promise<CurrentUser | null> {
  const session = await span("auth (session cookie)", () => auth());
  if (session?.unavailable) throw new AppError("unavailable:database");
  if (!session?.user?.id || !session.sessionId) return null;
  return { ...session.user, sessionId: session.sessionId };
}

/** For server actions, route handlers and pages: throws `unauthorized` when nobody valid is signed in. */
export async function requireUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) {
    log.info("auth.refused", { reason: "no_session" });
    throw new AppError("unauthorized");
  }
  return user;
}

/** For route handlers: like requireUser, from the request's cookie without Auth.js's session round (./request-user). */
export async function requireRequestUser(request: Request): Promise<CurrentUser> {
  const user = await span("auth (session cookie)", () => getRequestUser(request));
  if (!user) {
    log.info("auth.refused", { reason: "no_session" });
    throw new AppError("unauthorized");
  }
  return user;
}

/**
 * For pages: sends a visitor without a valid session (never signed in, logged out, revoked) to the login
 * page. An expected refusal, so one log line and a redirect rather than a thrown error and a stack trace.
 */
export async function requirePageUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) {
    log.info("auth.refused", { reason: "no_session" });
    redirect("/login");
  }
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
