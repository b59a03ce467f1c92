import "server-only";
import QRCode from "qrcode";
import { recordAudit } from "../audit";
import {
  claimTotpStep,
  consumeRecoveryCode,
  countUnusedRecoveryCodes,
  deleteTotp,
  enableTotp,
  getTotpSecret,
  replaceRecoveryCodes,
  saveTotpSetup,
} from "../db/two-factor";
import { log } from "../log";
import { waitText } from "../wait-text";
import { loginSucceeded, reserveLoginAttempt } from "./limits";
import { hashRecoveryCode, newRecoveryCodes } from "./recovery-codes";
import { decryptText, encryptText } from "./server-keys";
import { looksLikeTotpCode, matchTotpStep, newTotpSecret, totpUri } from "./totp";

const SECRET_PURPOSE = "totp-secret-v1";

export interface TotpSetup {
  secret: string;
  uri: string;
  /** An SVG QR code of `uri`, drawn on the server: nothing is fetched from elsewhere. */
  qrSvg: string;
}

/** Starts a set-up: a new secret, stored (sealed) but not yet on. Null when 2FA is on already. */
export async function beginTotpSetup(user: { id: string; username: string }): Promise<TotpSetup | null> {
  const secret = newTotpSecret();
  if (!(await saveTotpSetup({ userId: user.id, sealedSecret: encryptText(SECRET_PURPOSE, secret) }))) return null;
  const uri = totpUri(secret, user.username);
  const qrSvg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return { secret, uri, qrSvg };
}

export type ConfirmResult = { ok: true; recoveryCodes: string[] } | { ok: false; error: string };

/** Turns TOTP on once a code from the app proves the secret was copied; returns the recovery codes once. */
export async function confirmTotpSetup(input: { userId: string; code: string; ip: string }): Promise<ConfirmResult> {
  const row = await getTotpSecret(input.userId);
  if (!row) return { ok: false, error: "Start the set-up again: no set-up is in progress." };
  if (row.enabledAt) return { ok: false, error: "Two-factor authentication is already on." };
  const gate = await reserveLoginAttempt(input.ip, secondFactorSubject(input.userId));
  if (!gate.ok) return { ok: false, error: tooMany(gate.retryAfterSeconds) };
  const step = matchTotpStep(decryptText(SECRET_PURPOSE, row.secret), input.code);
  if (step === null) return { ok: false, error: "That code is not right. Enter the code your app shows now." };
  await loginSucceeded(input.ip, secondFactorSubject(input.userId));
  const recoveryCodes = newRecoveryCodes();
  const enabled = await enableTotp({
    userId: input.userId,
    usedStep: step,
    recoveryCodeHashes: recoveryCodes.map(hashRecoveryCode),
  });
  if (!enabled) return { ok: false, error: "Two-factor authentication is already on." };
  log.info("auth.two_factor_enabled", { userId: input.userId });
  await recordAudit({
    action: "auth.two_factor_enabled",
    actorId: input.userId,
    subjectId: input.userId,
    ip: input.ip,
  });
  return { ok: true, recoveryCodes };
}

export type SecondFactorCheck =
  | { ok: true; method: "totp" | "recovery_code" }
  | { ok: false; reason: "invalid" | "not_enabled" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

/** The bucket second-factor guesses count in: the login throttle's rules, apart from the password's bucket. */
export function secondFactorSubject(userId: string): string {
  return `2fa:${userId}`;
}

/**
 * Checks an authenticator code or a recovery code for a user whose password was already proven. Guesses
 * are throttled like passwords (per IP and per account, counted before the check); an accepted TOTP step
 * is claimed so the same code never works twice; a recovery code is used up.
 */
export async function verifySecondFactor(input: {
  userId: string;
  code: string;
  ip: string;
}): Promise<SecondFactorCheck> {
  const row = await getTotpSecret(input.userId);
  if (!row?.enabledAt) return { ok: false, reason: "not_enabled" };
  const subject = secondFactorSubject(input.userId);
  const gate = await reserveLoginAttempt(input.ip, subject);
  if (!gate.ok) {
    log.warn("auth.second_factor_throttled", { userId: input.userId, ip: input.ip });
    return { ok: false, reason: "rate_limited", retryAfterSeconds: gate.retryAfterSeconds };
  }
  const code = input.code.trim().slice(0, 64);
  let method: "totp" | "recovery_code" | null = null;
  if (looksLikeTotpCode(code)) {
    const step = matchTotpStep(decryptText(SECRET_PURPOSE, row.secret), code);
    if (step !== null && (await claimTotpStep({ userId: input.userId, step }))) method = "totp";
    else if (step !== null) log.warn("auth.totp_replayed", { userId: input.userId, ip: input.ip });
  } else if (code && (await consumeRecoveryCode({ userId: input.userId, codeHash: hashRecoveryCode(code) }))) {
    method = "recovery_code";
  }
  if (!method) {
    log.info("auth.second_factor_failed", { userId: input.userId, ip: input.ip });
    return { ok: false, reason: "invalid" };
  }
  await loginSucceeded(input.ip, subject);
  if (method === "recovery_code") {
    const left = await countUnusedRecoveryCodes(input.userId);
    log.info("auth.recovery_code_used", { userId: input.userId, left });
    await recordAudit({
      action: "auth.recovery_code_used",
      actorId: input.userId,
      subjectId: input.userId,
      ip: input.ip,
      details: { left },
    });
  }
  return { ok: true, method };
}

/** Turns TOTP off (after the caller checked the password and a code). */
export async function turnOffTotp(input: { userId: string; ip: string; actorId?: string }): Promise<void> {
  await deleteTotp(input.userId);
  log.info("auth.two_factor_disabled", { userId: input.userId });
  await recordAudit({
    action: "auth.two_factor_disabled",
    actorId: input.actorId ?? input.userId,
    subjectId: input.userId,
    ip: input.ip,
  });
}

/** A new set of 10 recovery codes; the old ones stop working. */
export async function regenerateRecoveryCodes(input: { userId: string; ip: string }): Promise<string[]> {
  const codes = newRecoveryCodes();
  await replaceRecoveryCodes({ userId: input.userId, codeHashes: codes.map(hashRecoveryCode) });
  await recordAudit({
    action: "auth.recovery_codes_regenerated",
    actorId: input.userId,
    subjectId: input.userId,
    ip: input.ip,
  });
  return codes;
}

export function secondFactorError(check: Exclude<SecondFactorCheck, { ok: true }>): string {
  if (check.reason === "rate_limited") return tooMany(check.retryAfterSeconds);
  return "That code is not right, or it was used already.";
}

function tooMany(seconds: number): string {
  return `Too many attempts, try again in ${waitText(seconds)}.`;
}
