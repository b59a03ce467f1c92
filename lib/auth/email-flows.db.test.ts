import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const outbox = mkdtempSync(path.join(tmpdir(), "parley-mail-"));
process.env.PARLEY_DATA_DIR = outbox;
delete process.env.SMTP_URL;

const { db } = await import("../db/client");
const { createSession, findValidSession } = await import("../db/sessions");
const { createUser, getUserById } = await import("../db/users");
const { requestPasswordReset, resetPassword, sendVerificationEmail, verifyEmail } = await import("./email-flows");
const { hashPassword, verifyPassword } = await import("./password");
const { issueTokenPair, verifyAccessToken } = await import("./access-tokens");

process.env.AUTH_SECRET = "test-secret-for-email-flows-0123456789";

function lastLink(to: string, pathname: string): string {
  const files = readdirSync(path.join(outbox, "outbox")).sort();
  for (const file of files.reverse()) {
    const raw = readFileSync(path.join(outbox, "outbox", file), "utf8")
      .replace(/=\r?\n/g, "")
      .replace(/=3D/g, "=");
    if (!raw.includes(`To: ${to}`)) continue;
    const match = raw.match(new RegExp(`http://app\\.test${pathname}\\?token=[\\w%-]+`));
    if (match) return match[0];
  }
  throw new Error(`no ${pathname} mail to ${to}`);
}

const tokenOf = (link: string) => decodeURIComponent(new URL(link).searchParams.get("token") ?? "");

let userId: string;

beforeAll(async () => {
  userId = (
    await createUser({ email: "flow@example.test", username: "flow", passwordHash: await hashPassword("old password") })
  ).id;
});

describe("verification and reset emails", () => {
  it("verifies the address through the mailed link, once", async () => {
    await sendVerificationEmail({ userId, origin: "http://app.test" });
    const token = tokenOf(lastLink("flow@example.test", "/verify-email"));
    expect((await getUserById(userId))?.emailVerifiedAt).toBeNull();
    expect(await verifyEmail(token)).toEqual({ ok: true, message: "Your email is verified." });
    expect((await getUserById(userId))?.emailVerifiedAt).toBeInstanceOf(Date);
    expect((await verifyEmail(token)).ok).toBe(false);
  });

  it("changes the email only when the new address's link is opened", async () => {
    await sendVerificationEmail({ userId, origin: "http://app.test", newEmail: "flow-new@example.test" });
    expect((await getUserById(userId))?.email).toBe("flow@example.test");
    expect(await verifyEmail(tokenOf(lastLink("flow-new@example.test", "/verify-email")))).toMatchObject({ ok: true });
    expect((await getUserById(userId))?.email).toBe("flow-new@example.test");
  });

  it("limits verification emails to 5 per account per hour", async () => {
    const other = await createUser({ email: "spam@example.test", username: "spam", passwordHash: "x" });
    for (let i = 0; i < 5; i++) await sendVerificationEmail({ userId: other.id, origin: "http://app.test" });
    await expect(sendVerificationEmail({ userId: other.id, origin: "http://app.test" })).rejects.toMatchObject({
      status: 429,
    });
  });

  it("resets the password and ends every session, access token and refresh token", async () => {
    const session = await createSession({ userId, tokenHash: "session-hash-1" });
    const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
    const pair = await issueTokenPair(user);
    expect(await verifyAccessToken(pair.accessToken)).toBe(userId);

    await requestPasswordReset({ email: "FLOW-NEW@example.test", origin: "http://app.test", ip: "203.0.113.1" });
    const token = tokenOf(lastLink("flow-new@example.test", "/reset-password"));
    expect((await resetPassword(token, "new password 123")).ok).toBe(true);

    const after = await db.user.findUniqueOrThrow({ where: { id: userId } });
    expect(await verifyPassword(after.passwordHash, "new password 123")).toBe(true);
    expect(await findValidSession("session-hash-1")).toBeNull();
    expect((await db.session.findUniqueOrThrow({ where: { id: session.id } })).isActive).toBe(false);
    expect(await verifyAccessToken(pair.accessToken)).toBeNull();
    expect(await db.refreshToken.count({ where: { userId, revokedAt: null } })).toBe(0);
    expect(await resetPassword(token, "another password 1")).toMatchObject({ ok: false });
  });

  it("sends nothing for an unknown address, without saying so", async () => {
    const before = readdirSync(path.join(outbox, "outbox")).length;
    await expect(
      requestPasswordReset({ email: "ghost@example.test", origin: "http://app.test", ip: "203.0.113.2" }),
    ).resolves.toBeUndefined();
    expect(readdirSync(path.join(outbox, "outbox")).length).toBe(before);
  });
});
