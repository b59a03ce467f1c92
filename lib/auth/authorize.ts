import "server-only";
import { z } from "zod";
import { recordAudit } from "../audit";
import { hashToken, randomToken } from "../crypto";
import { claimLoginTicketNonce } from "../db/login-tickets";
import { createSession } from "../db/sessions";
import { isTwoFactorEnabled } from "../db/two-factor";
import { findUserByLogin, getUserAuthState, getUserById, recordLogin } from "../db/users";
import { log } from "../log";
import { localSignInRefused } from "./local-sign-in-policy";
import { checkCredentials } from "./login";
import {
  AwaitingApproval,
  EmailNotVerified,
  InvalidLogin,
  InvalidPasskey,
  InvalidSecondFactor,
  LocalSignInOff,
  LoginTicketExpired,
  SecondFactorRequired,
  TooManyAttempts,
} from "./login-errors";
import { issueLoginTicket, readLoginTicket } from "./login-ticket";
import { verifyPasskeyLogin } from "./passkeys";
import { clientIp, userAgent } from "./request-info";
import { verifySecondFactor } from "./two-factor";

const PasswordStep = z.object({
  login: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1024),
});

const SecondFactorStep = z.object({
  ticket: z.string().min(1).max(1000),
  code: z.string().trim().min(1).max(64),
});

const PasskeyStep = z.object({
  passkey: z.string().min(1).max(64_000),
  // The page's origin, as the browser sent it to the login action: which relying party the passkey is for.
  origin: z.string().max(200).optional(),
});

export interface AuthorizedUser {
  id: string;
  email: string;
  name: string;
  sessionToken: string;
}

/**
 * The Credentials provider's `authorize`: a password (for an account without two-factor login), or a login
 * ticket with an authentication or recovery code. A correct password for an account with two-factor login
 * yields only a ticket (thrown as SecondFactorRequired), never a session.
 */
export async function authorizeCredentials(credentials: unknown, headers: Headers): Promise<AuthorizedUser> {
  const ip = clientIp(headers);
  const secondStep = SecondFactorStep.safeParse(credentials);
  if (secondStep.success) return authorizeSecondFactor(secondStep.data, ip, headers);
  const passkeyStep = PasskeyStep.safeParse(credentials);
  if (passkeyStep.success) {
    // A passkey is both factors at once: possession of the device and the person's unlock gesture.
    const user = await verifyPasskeyLogin({
      credentialJson: passkeyStep.data.passkey,
      requestOrigin: passkeyStep.data.origin ?? headers.get("origin"),
    });
    if (!user) {
      await recordAudit({ action: "auth.login_failed", subjectId: null, ip, details: { method: "passkey" } });
      throw new InvalidPasskey();
    }
    if (await localSignInRefused(user)) {
      await refuseLocalSignIn(user.id, ip, "passkey");
      throw new LocalSignInOff();
    }
    return startSession(user, ip, headers, "passkey");
  }
  const parsed = PasswordStep.safeParse(credentials);
  if (!parsed.success) throw new InvalidLogin();
  const { login, password } = parsed.data;
  const check = await checkCredentials({ login, password, ip });
  if (!check.ok && check.reason === "pending_approval") throw new AwaitingApproval();
  if (!check.ok && check.reason === "email_unverified") throw new EmailNotVerified();
  // Answered like a wrong password (wrongLoginMessage says why either may be), so it confirms no password.
  if (!check.ok && check.reason === "local_sign_in_refused") {
    await refuseLocalSignIn(check.userId, ip, "password");
    throw new InvalidLogin();
  }
  if (!check.ok) {
    const throttled = check.reason === "rate_limited";
    await recordAudit({
      action: throttled ? "auth.login_throttled" : "auth.login_failed",
      subjectId: (await findUserByLogin(login))?.id ?? null,
      ip,
    });
    if (throttled) throw new TooManyAttempts(check.retryAfterSeconds);
    throw new InvalidLogin();
  }
  // Answered like a wrong password (wrongLoginMessage says why either may be), so it confirms no password.
  if (await localSignInRefused(check.user)) {
    await refuseLocalSignIn(check.user.id, ip, "password");
    throw new InvalidLogin();
  }
  if (await isTwoFactorEnabled(check.user.id)) {
    log.info("auth.second_factor_requested", { userId: check.user.id, ip });
    throw new SecondFactorRequired(issueLoginTicket(check.user));
  }
  return startSession(check.user, ip, headers);
}

async function refuseLocalSignIn(userId: string, ip: string, method: "password" | "passkey") {
  log.info("auth.local_sign_in_refused", { userId, ip, method });
  await recordAudit({ action: "auth.login_failed", subjectId: userId, ip, details: { method, reason: "sso_only" } });
}

async function authorizeSecondFactor(input: z.infer<typeof SecondFactorStep>, ip: string, headers: Headers) {
  const ticket = readLoginTicket(input.ticket);
  if (!ticket) throw new LoginTicketExpired();
  const state = await getUserAuthState(ticket.userId);
  if (!state?.isActive || state.deletedAt || state.sessionVersion !== ticket.sessionVersion) {
    throw new LoginTicketExpired();
  }
  const check = await verifySecondFactor({ userId: ticket.userId, code: input.code, ip });
  if (!check.ok) {
    if (check.reason === "rate_limited") {
      await recordAudit({ action: "auth.login_throttled", subjectId: ticket.userId, ip });
      throw new TooManyAttempts(check.retryAfterSeconds);
    }
    if (check.reason === "not_enabled") throw new LoginTicketExpired();
    await recordAudit({ action: "auth.second_factor_failed", subjectId: ticket.userId, ip });
    throw new InvalidSecondFactor();
  }
  const user = await getUserById(ticket.userId);
  if (!user) throw new LoginTicketExpired();
  // A ticket signs in once: a copy of it (a replayed form post, a second tab) finds its nonce taken.
  if (!(await claimLoginTicketNonce(ticket.nonce, ticket.expiresAt))) {
    log.warn("auth.login_ticket_reused", { userId: ticket.userId, ip });
    throw new LoginTicketExpired();
  }
  return startSession(user, ip, headers, check.method);
}

/** Creates the server-side session row behind the cookie. */
export async function startSession(
  user: { id: string; email: string; username: string },
  ip: string,
  headers: Headers,
  method: "password" | "totp" | "recovery_code" | "passkey" | "sso" = "password",
  /** For method "sso": the provider's name, shown with the session and in the audit log. */
  providerName?: string,
): Promise<AuthorizedUser> {
  const sessionToken = randomToken();
  await createSession({
    userId: user.id,
    tokenHash: hashToken(sessionToken),
    deviceInfo: userAgent(headers),
    ipAddress: ip,
    signInMethod: method === "sso" ? (providerName ?? null) : null,
  });
  await recordLogin(user.id);
  await recordAudit({
    action: "auth.login",
    actorId: user.id,
    subjectId: user.id,
    ip,
    details: { method, ...(providerName ? { provider: providerName } : {}) },
  });
  log.info("auth.login", { userId: user.id, ip, method });
  return { id: user.id, email: user.email, name: user.username, sessionToken };
}
