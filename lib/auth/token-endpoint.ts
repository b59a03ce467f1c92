import "server-only";
import { recordAudit } from "../audit";
import { isTwoFactorEnabled } from "../db/two-factor";
import { AppError } from "../errors";
import { readJson } from "../http";
import { log } from "../log";
import { enforce } from "../rate-limit";
import { waitText } from "../wait-text";
import { issueTokenPair, rotateRefreshToken, type TokenPair } from "./access-tokens";
import { LIMITS } from "./limits";
import { localSignInRefused, wrongTokenLoginMessage } from "./local-sign-in-policy";
import { checkCredentials, EMAIL_UNVERIFIED_MESSAGE, PENDING_APPROVAL_MESSAGE } from "./login";
import { clientIp, ipRateLimitSubject } from "./request-info";
import { RefreshRequestSchema, TokenRequestSchema } from "./token-schemas";
import { secondFactorError, verifySecondFactor } from "./two-factor";
import { mustSetUpTwoFactor, TWO_FACTOR_SETUP_MESSAGE } from "./two-factor-policy";

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
    if (check.reason === "local_sign_in_refused") {
      log.info("auth.local_sign_in_refused", { userId: check.userId, ip, method: "token" });
    }
    throw new AppError("unauthorized:credentials", { message: await wrongTokenLoginMessage() });
  }
  // "Hide password login": the same answer as a wrong password (it confirms nothing); programs use API keys.
  if (await localSignInRefused(check.user)) {
    log.info("auth.local_sign_in_refused", { userId: check.user.id, ip, method: "token" });
    throw new AppError("unauthorized:credentials", { message: await wrongTokenLoginMessage() });
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
