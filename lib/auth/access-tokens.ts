import "server-only";
import { createHmac, randomUUID } from "node:crypto";
import { z } from "zod";
import { hashToken, randomToken, safeEqual } from "../crypto";
import {
  createRefreshToken,
  findRefreshToken,
  isRefreshFamilyRevoked,
  markRefreshTokenUsed,
  revokeRefreshFamily,
} from "../db/refresh-tokens";
import { getUserAuthState } from "../db/users";
import { env } from "../env";
import { AppError } from "../errors";
import { log } from "../log";
import { localSignInRefused } from "./local-sign-in-policy";
import { mustVerifyEmailFirst } from "./login";
import { mustSetUpTwoFactor, TWO_FACTOR_SETUP_MESSAGE } from "./two-factor-policy";

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 60 * 60;
const ACCESS_PREFIX = "at_";
const REFRESH_PREFIX = "rt_";

const PayloadSchema = z.object({ sub: z.string(), sv: z.number().int(), fam: z.string(), exp: z.number() });
type AccessPayload = z.infer<typeof PayloadSchema>;

function signingKey(): string {
  const secret = env().AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is not set");
  return createHmac("sha256", secret).update("parley-access-token-v1").digest("hex");
}

function sign(body: string): string {
  return createHmac("sha256", signingKey()).update(body).digest("base64url");
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: "Bearer";
  expiresIn: number;
}

async function issue(user: { id: string; sessionVersion: number }, familyId: string): Promise<TokenPair> {
  const payload: AccessPayload = {
    sub: user.id,
    sv: user.sessionVersion,
    fam: familyId,
    exp: Math.floor(Date.now() / 1000) + ACCESS_TOKEN_TTL_SECONDS,
  };
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  const refreshToken = `${REFRESH_PREFIX}${randomToken(32)}`;
  await createRefreshToken({
    userId: user.id,
    tokenHash: hashToken(refreshToken),
    familyId,
    expiresAt: new Date(Date.now() + REFRESH_TOKEN_TTL_SECONDS * 1000),
  });
  return {
    accessToken: `${ACCESS_PREFIX}${body}.${sign(body)}`,
    refreshToken,
    tokenType: "Bearer",
    expiresIn: ACCESS_TOKEN_TTL_SECONDS,
  };
}

/** A new token family for a user who just proved their password. */
export function issueTokenPair(user: { id: string; sessionVersion: number }): Promise<TokenPair> {
  return issue(user, randomUUID());
}

/** Rotates a refresh token. Presenting one that was already used revokes its whole family (theft detection). */
export async function rotateRefreshToken(refreshToken: string): Promise<TokenPair> {
  const invalid = new AppError("unauthorized:refresh_token", { message: "The refresh token is invalid or expired." });
  if (!refreshToken.startsWith(REFRESH_PREFIX)) throw invalid;
  const record = await findRefreshToken(hashToken(refreshToken));
  if (!record) throw invalid;
  if (record.usedAt || record.revokedAt) {
    await revokeRefreshFamily(record.familyId);
    log.warn("auth.refresh_reuse", { userId: record.userId, familyId: record.familyId });
    throw invalid;
  }
  if (record.expiresAt.getTime() <= Date.now() || !record.user.isActive || record.user.deletedAt) throw invalid;
  if (mustVerifyEmailFirst(record.user)) throw invalid;
  // Refused before the token is used up: once 2FA is on, the same program may log in again with a code.
  if (await mustSetUpTwoFactor(record.user)) {
    throw new AppError("forbidden:two_factor_setup", { message: TWO_FACTOR_SETUP_MESSAGE });
  }
  // "Hide password login" ends what the password grant gave, not only new logins: the family stops here.
  if (await localSignInRefused(record.user)) {
    await revokeRefreshFamily(record.familyId);
    log.info("auth.local_sign_in_refused", { userId: record.userId, method: "refresh" });
    throw invalid;
  }
  if (!(await markRefreshTokenUsed(record.id))) {
    await revokeRefreshFamily(record.familyId);
    throw invalid;
  }
  return issue(record.user, record.familyId);
}

export function looksLikeAccessToken(token: string): boolean {
  return token.startsWith(ACCESS_PREFIX);
}

/** The user id behind a valid access token; checks expiry, signature, revocation and the user's state. */
export async function verifyAccessToken(token: string): Promise<string | null> {
  return (await verifyAccessTokenUser(token))?.id ?? null;
}

/** verifyAccessToken's user, with what the two-factor requirement needs. */
export async function verifyAccessTokenUser(token: string): Promise<{ id: string; isSuperuser: boolean } | null> {
  const [body, signature] = token.slice(ACCESS_PREFIX.length).split(".");
  if (!body || !signature || !safeEqual(signature, sign(body))) return null;
  let payload: AccessPayload;
  try {
    payload = PayloadSchema.parse(JSON.parse(Buffer.from(body, "base64url").toString("utf8")));
  } catch {
    return null;
  }
  if (payload.exp * 1000 <= Date.now()) return null;
  const user = await getUserAuthState(payload.sub);
  if (!user?.isActive || user.deletedAt || user.sessionVersion !== payload.sv) return null;
  if (mustVerifyEmailFirst(user)) return null;
  if (await isRefreshFamilyRevoked(payload.fam)) return null;
  return { id: user.id, isSuperuser: user.isSuperuser };
}
