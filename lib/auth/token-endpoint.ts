import "server-only";
import { z } from "zod";
import { recordAudit } from "../audit";
import { isTwoFactorEnabled } from "../db/two-factor";
import { AppError } from "../errors";
import { readJson } from "../http";
import { log } from "../log";
import { enforce } from "../rate-limit";
import { issueTokenPair, rotateRefreshToken, type TokenPair } from "./access-tokens";
import { LIMITS } from "./limits";
import { checkCredentials, EMAIL_UNVERIFIED_MESSAGE, PENDING_APPROVAL_MESSAGE, waitText } from "./login";
import { clientIp, ipRateLimitSubject } from "./request-info";
import { secondFactorError, verifySecondFactor } from "./two-factor";
import { mustSetUpTwoFactor, TWO_FACTOR_SETUP_MESSAGE } from "./two-factor-policy";

const identifier = z.string().trim().min(1).max(320).optional();

// `email`, `username` or `login` name the account (OAuth 2's password grant says `username`).
const TokenRequestSchema = z
  .object({
    email: identifier,
    username: identifier,
    login: identifier,
    password: z.string().min(1).max(1024),
    // The authenticator code (or a recovery code) for accounts with two-factor login.
    otp: z.string().trim().min(1).max(64).optional(),
  })
  .transform(({ email, username, login, password, otp }, context) => {
    const name = email ?? username ?? login;
    if (!name) {
      context.addIssue({ code: "custom", path: ["email"], message: "Send email, username or login." });
      return z.NEVER;
    }
    return { login: name, password, otp };
  });

const refreshToken = z.string().min(1).max(200).optional();
const RefreshRequestSchema = z.object({ refresh_token: refreshToken, refreshToken }).transform((body, context) => {
  const token = body.refresh_token ?? body.refreshToken;
  if (!token) {
    context.addIssue({ code: "custom", path: ["refresh_token"], message: "Send the refresh_token." });
    return z.NEVER;
  }
  return { refreshToken: token };
});

const MAX_BODY_BYTES = 4096;

async function throttle(request: Request): Promise<string> {
  const ip = clientIp(request.headers);
  await enforce(LIMITS.tokenRequestsPerIp, ipRateLimitSubject(ip), "Too many token requests. Wait and try again.");
  return ip;
}

/** POST /api/v1/auth/token: login + password → a new access/refresh token pair. */
export async function exchangePassword(request: Request): Promise<TokenPair> {
  const ip = await throttle(request);
  const body = await readJson(request, TokenRequestSchema, MAX_BODY_BYTES);
  const check = await checkCredentials({ login: body.login, password: body.password, ip });
  if (!check.ok) {
    if (check.reason === "rate_limited") {
      throw new AppError("rate_limited:login", {
        message: `Too many attempts, try again in ${waitText(check.retryAfterSeconds)}.`,
        retryAfterSeconds: check.retryAfterSeconds,
      });
    }
    if (check.reason === "pending_approval") {
      throw new AppError("forbidden:pending_approval", { message: PENDING_APPROVAL_MESSAGE });
    }
    if (check.reason === "email_unverified") {
      throw new AppError("forbidden:email_unverified", { message: EMAIL_UNVERIFIED_MESSAGE });
    }
    throw new AppError("unauthorized:credentials", { message: "Wrong email, username or password." });
  }
  if (await isTwoFactorEnabled(check.user.id)) await requireOtp(check.user.id, body.otp, ip);
  else if (await mustSetUpTwoFactor(check.user)) {
    throw new AppError("forbidden:two_factor_setup", { message: TWO_FACTOR_SETUP_MESSAGE });
  }
  log.info("auth.token_issued", { userId: check.user.id, ip });
  await recordAudit({ action: "auth.token_issued", actorId: check.user.id, subjectId: check.user.id, ip });
  return issueTokenPair(check.user);
}

/** Two-factor accounts: the password alone never yields tokens. */
async function requireOtp(userId: string, otp: string | undefined, ip: string): Promise<void> {
  if (!otp) {
    throw new AppError("unauthorized:otp_required", {
      message: "This account uses two-factor authentication: send the code from the authenticator app as otp.",
    });
  }
  const check = await verifySecondFactor({ userId, code: otp, ip });
  if (check.ok) return;
  if (check.reason === "rate_limited") {
    throw new AppError("rate_limited:login", {
      message: secondFactorError(check),
      retryAfterSeconds: check.retryAfterSeconds,
    });
  }
  await recordAudit({ action: "auth.second_factor_failed", subjectId: userId, ip });
  throw new AppError("unauthorized:otp", { message: "The otp code is not right, or it was used already." });
}

/** POST /api/v1/auth/refresh: a refresh token → a rotated pair; a reused one revokes its family. */
export async function exchangeRefreshToken(request: Request): Promise<TokenPair> {
  await throttle(request);
  const { refreshToken } = await readJson(request, RefreshRequestSchema, MAX_BODY_BYTES);
  return rotateRefreshToken(refreshToken);
}
