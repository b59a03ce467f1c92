import { randomUUID } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import { afterEach, describe, expect, it, vi } from "vitest";
import { db } from "../db/client";
import { createUser } from "../db/users";
import { errorResponse } from "../http";
import { authorizeCredentials } from "./authorize";
import { InvalidSecondFactor, LoginTicketExpired, SecondFactorRequired, TooManyAttempts } from "./login-errors";
import { issueLoginTicket } from "./login-ticket";
import { hashPassword } from "./password";
import { changePassword } from "./revocation";
import { exchangePassword } from "./token-endpoint";
import { beginTotpSetup, confirmTotpSetup, verifySecondFactor } from "./two-factor";

const PASSWORD = "two factor password 1";
let passwordHash: string | undefined;

/** What the person's authenticator app shows at `at`. */
function codeAt(secret: string, at = Date.now()): string {
  return new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: at });
}

const headersFrom = (ip: string) => new Headers({ "x-forwarded-for": ip, "user-agent": "vitest" });
let ipCounter = 0;
const nextIp = () => `10.88.${++ipCounter >> 8}.${ipCounter & 255}`;

async function newUser() {
  passwordHash ??= await hashPassword(PASSWORD);
  const name = `tf-${randomUUID().slice(0, 10)}`;
  const user = await createUser({ email: `${name}@example.test`, username: name, passwordHash });
  return { ...user, login: name };
}

/** A user with TOTP on: the secret (as the app holds it) and the recovery codes (as shown once). */
async function userWithTwoFactor() {
  const user = await newUser();
  const setup = await beginTotpSetup(user);
  if (!setup) throw new Error("set-up refused");
  // The code of the previous step confirms the set-up, leaving the current step for the test to use.
  const confirmed = await confirmTotpSetup({
    userId: user.id,
    code: codeAt(setup.secret, Date.now() - 30_000),
    ip: nextIp(),
  });
  if (!confirmed.ok) throw new Error(confirmed.error);
  return { user, secret: setup.secret, recoveryCodes: confirmed.recoveryCodes };
}

async function passwordStep(login: string, ip = nextIp()): Promise<string> {
  const error = await authorizeCredentials({ login, password: PASSWORD }, headersFrom(ip)).catch((e) => e);
  expect(error).toBeInstanceOf(SecondFactorRequired);
  return (error as SecondFactorRequired).ticket;
}

const sessionCount = (userId: string) => db.session.count({ where: { userId } });

afterEach(() => {
  vi.useRealTimers();
});

describe("TOTP set-up", () => {
  it("shows a QR code and the secret, and turns on only with a right code; 10 recovery codes stored hashed", async () => {
    const user = await newUser();
    const setup = await beginTotpSetup(user);
    expect(setup?.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(setup?.uri).toContain(`secret=${setup?.secret}`);
    const secret = setup?.secret ?? "";
    const wrong = await confirmTotpSetup({ userId: user.id, code: "000000", ip: nextIp() });
    expect(wrong.ok || codeAt(secret) === "000000").toBe(false);
    const confirmed = await confirmTotpSetup({ userId: user.id, code: codeAt(secret), ip: nextIp() });
    expect(confirmed.ok).toBe(true);
    const codes = confirmed.ok ? confirmed.recoveryCodes : [];
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    const stored = await db.recoveryCode.findMany({ where: { userId: user.id } });
    expect(stored).toHaveLength(10);
    for (const code of codes) expect(stored.some((row) => row.codeHash.includes(code.replace("-", "")))).toBe(false);
    const row = await db.totpSecret.findUniqueOrThrow({ where: { userId: user.id } });
    expect(row.secret).not.toContain(secret);
    expect(await beginTotpSetup(user), "an enabled secret is never replaced").toBeNull();
  });
});

describe("login with two-factor authentication", () => {
  it("a correct password alone gives no session, only a ticket; the ticket and a code give one", async () => {
    const { user, secret } = await userWithTwoFactor();
    const ticket = await passwordStep(user.login);
    expect(await sessionCount(user.id)).toBe(0);
    const signedIn = await authorizeCredentials({ ticket, code: codeAt(secret) }, headersFrom(nextIp()));
    expect(signedIn.id).toBe(user.id);
    expect(await sessionCount(user.id)).toBe(1);
  });

  it("a ticket signs in once: replayed with another valid code, or raced, it opens no second session", async () => {
    const { user, secret, recoveryCodes } = await userWithTwoFactor();
    const ticket = await passwordStep(user.login);
    await authorizeCredentials({ ticket, code: codeAt(secret) }, headersFrom(nextIp()));
    // Whoever copied the ticket and holds another valid code (a recovery code) gets nothing from it.
    await expect(
      authorizeCredentials({ ticket, code: recoveryCodes[0] ?? "" }, headersFrom(nextIp())),
    ).rejects.toBeInstanceOf(LoginTicketExpired);
    expect(await sessionCount(user.id)).toBe(1);
    // Two code steps racing with one ticket: one session.
    const raced = await passwordStep(user.login);
    const results = await Promise.allSettled([
      authorizeCredentials({ ticket: raced, code: recoveryCodes[1] ?? "" }, headersFrom(nextIp())),
      authorizeCredentials({ ticket: raced, code: recoveryCodes[2] ?? "" }, headersFrom(nextIp())),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await sessionCount(user.id)).toBe(2);
  });

  it("refuses a wrong code, and a code without a valid ticket", async () => {
    const { user, secret } = await userWithTwoFactor();
    const ticket = await passwordStep(user.login);
    const wrong = String((Number(codeAt(secret)) + 1) % 1_000_000).padStart(6, "0");
    await expect(authorizeCredentials({ ticket, code: wrong }, headersFrom(nextIp()))).rejects.toBeInstanceOf(
      InvalidSecondFactor,
    );
    const forged = `${ticket.slice(0, -4)}AAAA`;
    await expect(
      authorizeCredentials({ ticket: forged, code: codeAt(secret) }, headersFrom(nextIp())),
    ).rejects.toBeInstanceOf(LoginTicketExpired);
    const expired = issueLoginTicket({ id: user.id, sessionVersion: 0 }, Date.now() - 6 * 60_000);
    await expect(
      authorizeCredentials({ ticket: expired, code: codeAt(secret) }, headersFrom(nextIp())),
    ).rejects.toBeInstanceOf(LoginTicketExpired);
    expect(await sessionCount(user.id)).toBe(0);
  });

  it("a ticket issued before a password change is void", async () => {
    const { user, secret } = await userWithTwoFactor();
    const ticket = await passwordStep(user.login);
    await changePassword({ userId: user.id, newPassword: "a brand new password 2" });
    await expect(authorizeCredentials({ ticket, code: codeAt(secret) }, headersFrom(nextIp()))).rejects.toBeInstanceOf(
      LoginTicketExpired,
    );
  });

  it("never accepts the same TOTP code twice, even with a fresh ticket", async () => {
    const { user, secret } = await userWithTwoFactor();
    const code = codeAt(secret);
    await authorizeCredentials({ ticket: await passwordStep(user.login), code }, headersFrom(nextIp()));
    await expect(
      authorizeCredentials({ ticket: await passwordStep(user.login), code }, headersFrom(nextIp())),
    ).rejects.toBeInstanceOf(InvalidSecondFactor);
    // Nor an older code still inside the window.
    const older = codeAt(secret, Date.now() - 30_000);
    await expect(
      authorizeCredentials({ ticket: await passwordStep(user.login), code: older }, headersFrom(nextIp())),
    ).rejects.toBeInstanceOf(InvalidSecondFactor);
    expect(await sessionCount(user.id)).toBe(1);
  });

  it("two requests racing with one code: exactly one wins", async () => {
    const { user, secret } = await userWithTwoFactor();
    const code = codeAt(secret);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => verifySecondFactor({ userId: user.id, code, ip: nextIp() })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it("a recovery code works once, in any case and with spaces", async () => {
    const { user, recoveryCodes } = await userWithTwoFactor();
    const code = recoveryCodes[3] ?? "";
    const typed = ` ${code.toUpperCase().replace("-", " ")} `;
    await authorizeCredentials({ ticket: await passwordStep(user.login), code: typed }, headersFrom(nextIp()));
    await expect(
      authorizeCredentials({ ticket: await passwordStep(user.login), code }, headersFrom(nextIp())),
    ).rejects.toBeInstanceOf(InvalidSecondFactor);
    expect(await db.recoveryCode.count({ where: { userId: user.id, usedAt: null } })).toBe(9);
    const audit = await db.auditEvent.findMany({ where: { subjectId: user.id, action: "auth.recovery_code_used" } });
    expect(audit).toHaveLength(1);
  });

  it("code guesses are throttled like passwords: after 5 wrong codes even the right one waits", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    const { user, secret } = await userWithTwoFactor();
    const ticket = await passwordStep(user.login);
    const right = codeAt(secret);
    const wrongCodes = Array.from({ length: 5 }, (_, i) =>
      String((Number(right) + 1 + i) % 1_000_000).padStart(6, "0"),
    );
    for (const code of wrongCodes) {
      await expect(authorizeCredentials({ ticket, code }, headersFrom(nextIp()))).rejects.toBeInstanceOf(
        InvalidSecondFactor,
      );
    }
    const limited = await authorizeCredentials({ ticket, code: right }, headersFrom(nextIp())).catch((e) => e);
    expect(limited).toBeInstanceOf(TooManyAttempts);
    expect((limited as TooManyAttempts).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    // A fresh password step does not reset the code limit.
    const again = await authorizeCredentials(
      { ticket: await passwordStep(user.login), code: right },
      headersFrom(nextIp()),
    ).catch((e) => e);
    expect(again).toBeInstanceOf(TooManyAttempts);
    expect(await sessionCount(user.id)).toBe(0);
  });

  it("an account without two-factor authentication still signs in with the password alone", async () => {
    const user = await newUser();
    const signedIn = await authorizeCredentials({ login: user.login, password: PASSWORD }, headersFrom(nextIp()));
    expect(signedIn.id).toBe(user.id);
  });
});

describe("token endpoint with two-factor authentication", () => {
  const post = (body: unknown) =>
    new Request("http://parley.test/api/v1/auth/token", {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": nextIp() },
      body: JSON.stringify(body),
    });

  it("refuses the password alone, accepts it with otp, and never the same otp twice", async () => {
    const { user, secret } = await userWithTwoFactor();
    const alone = errorResponse(
      await exchangePassword(post({ login: user.login, password: PASSWORD })).catch((e) => e),
    );
    expect(alone.status).toBe(401);
    expect((await alone.json()).error.code).toBe("unauthorized:otp_required");
    const otp = codeAt(secret);
    const pair = await exchangePassword(post({ login: user.login, password: PASSWORD, otp }));
    expect(pair.tokenType).toBe("Bearer");
    const replay = errorResponse(
      await exchangePassword(post({ login: user.login, password: PASSWORD, otp })).catch((e) => e),
    );
    expect(replay.status).toBe(401);
    expect((await replay.json()).error.code).toBe("unauthorized:otp");
  });
});
