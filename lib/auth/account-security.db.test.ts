import { describe, expect, it } from "vitest";
import { hashToken, randomToken } from "../crypto";
import { findUsableApiKey } from "../db/api-keys";
import { db } from "../db/client";
import { createEmailToken } from "../db/email-tokens";
import { createSession, findValidSession } from "../db/sessions";
import { createUser } from "../db/users";
import { resetMail } from "../mail/templates";
import { issueTokenPair, rotateRefreshToken, verifyAccessToken } from "./access-tokens";
import { createApiKeyWithPassword, endOtherSessions, listPrograms, logOutProgram } from "./account-security";
import { resetPassword } from "./email-flows";
import { hashPassword } from "./password";

process.env.AUTH_SECRET = "test-secret-for-account-security-0123456789";
const PASSWORD = "the right passphrase";

async function account(name: string, verified = true) {
  const user = await createUser({
    email: `${name}@example.test`,
    username: name,
    passwordHash: await hashPassword(PASSWORD),
  });
  if (verified) await db.user.update({ where: { id: user.id }, data: { emailVerifiedAt: new Date() } });
  const sessionToken = randomToken();
  const session = await createSession({ userId: user.id, tokenHash: hashToken(sessionToken) });
  const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
  return { id: user.id, sessionToken, sessionId: session.id, row };
}

const newKey = (user: { id: string; isEmailVerified: boolean }, currentPassword: string) =>
  createApiKeyWithPassword({
    user,
    currentPassword,
    ip: "203.0.113.9",
    name: "cli",
    scopes: ["profile:read"],
    expiresAt: null,
  });

describe("recovering an account recovers it", () => {
  it("an unverified account cannot create an API key, even with its password", async () => {
    const squatter = await account("squatter", false);
    expect(await newKey({ id: squatter.id, isEmailVerified: false }, PASSWORD)).toEqual({
      ok: false,
      error: "Verify your email address before creating an API key.",
    });
    expect(await db.apiKey.count({ where: { userId: squatter.id } })).toBe(0);
  });

  it("creating an API key asks for the current password", async () => {
    const owner = await account("keyowner");
    const user = { id: owner.id, isEmailVerified: true };
    expect(await newKey(user, "a stolen cookie has no password")).toMatchObject({
      ok: false,
      field: "currentPassword",
    });
    expect(await db.apiKey.count({ where: { userId: owner.id } })).toBe(0);
    const created = await newKey(user, PASSWORD);
    expect(created.ok && (await findUsableApiKey(created.key))?.userId).toBe(owner.id);
  });

  it("a password reset ends every session, refresh-token family and API key", async () => {
    const victim = await account("victim");
    const created = await newKey({ id: victim.id, isEmailVerified: true }, PASSWORD);
    if (!created.ok) throw new Error(created.error);
    const pair = await issueTokenPair(victim.row);

    const token = await createEmailToken({ userId: victim.id, purpose: "reset-password" });
    expect((await resetPassword(token, "the owner's new passphrase")).ok).toBe(true);

    expect(await findValidSession(hashToken(victim.sessionToken))).toBeNull();
    expect(await verifyAccessToken(pair.accessToken)).toBeNull();
    await expect(rotateRefreshToken(pair.refreshToken)).rejects.toMatchObject({ kind: "unauthorized" });
    expect(await findUsableApiKey(created.key)).toBeNull();
  });

  it("the reset email says what a reset ends", () => {
    const text = resetMail("a@example.test", "http://app.test/reset-password?token=x").text;
    expect(text).toContain("logs out every session and program");
    expect(text).toContain("revokes every API key");
  });

  it("'log out of all other sessions' also ends programs' token families, and keeps this session", async () => {
    const person = await account("others");
    const other = await createSession({ userId: person.id, tokenHash: hashToken("other-browser") });
    const pair = await issueTokenPair(person.row);
    await endOtherSessions({ userId: person.id, keepSessionId: person.sessionId });
    expect(await findValidSession(hashToken(person.sessionToken))).not.toBeNull();
    expect(await findValidSession(hashToken("other-browser"))).toBeNull();
    expect(other.isActive).toBe(true);
    expect(await verifyAccessToken(pair.accessToken)).toBeNull();
    await expect(rotateRefreshToken(pair.refreshToken)).rejects.toMatchObject({ kind: "unauthorized" });
    expect(await listPrograms(person.id)).toEqual([]);
  });

  it("programs are listed per token family and each one can be logged out by its owner only", async () => {
    const person = await account("programs");
    const stranger = await account("stranger");
    const first = await issueTokenPair(person.row);
    const second = await issueTokenPair(person.row);
    const rotated = await rotateRefreshToken(second.refreshToken);
    const programs = await listPrograms(person.id);
    expect(programs).toHaveLength(2);
    const [newest, oldest] = programs;
    expect(newest?.lastRefreshedAt.getTime()).toBeGreaterThanOrEqual(newest?.signedInAt.getTime() ?? Infinity);

    const firstFamily = oldest?.familyId ?? "";
    expect(await logOutProgram({ userId: stranger.id, familyId: firstFamily })).toBe(false);
    await expect(rotateRefreshToken(first.refreshToken)).resolves.toMatchObject({ tokenType: "Bearer" });
    expect(await logOutProgram({ userId: person.id, familyId: firstFamily })).toBe(true);
    expect(await verifyAccessToken(first.accessToken)).toBeNull();
    expect(await listPrograms(person.id)).toHaveLength(1);
    expect(await verifyAccessToken(rotated.accessToken)).toBe(person.id);
  });
});
