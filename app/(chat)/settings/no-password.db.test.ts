import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";

// Settings that ask for the password, for an account made through a sign-in provider (it has none): a sign-in
// in the last minutes stands in for it; an older session alone (a stolen cookie) changes nothing.

const signedIn = vi.hoisted(() => ({
  user: null as null | {
    id: string;
    email: string;
    username: string;
    isSuperuser: boolean;
    isEmailVerified: boolean;
    mustSetUpTwoFactor: boolean;
    sessionId: string;
  },
}));

vi.mock("@/lib/auth/current-user", () => {
  const current = async () => {
    if (!signedIn.user) throw new Error("no user in this test");
    return signedIn.user;
  };
  return { getCurrentUser: current, requireUser: current, requireSuperuser: current };
});
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-forwarded-for": "10.67.0.1" }) }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
vi.mock("@/lib/auth/config", () => ({ signOut: vi.fn(), signIn: vi.fn(), auth: vi.fn() }));

const { saveProfileAction: saveProfile, deleteAccountAction: deleteAccount } = await import("./actions");
const { setPasswordAction: setPassword } = await import("./password/actions");
const { db } = await import("@/lib/db/client");
const { createSession } = await import("@/lib/db/sessions");
const { createUser } = await import("@/lib/db/users");
const { NO_PASSWORD } = await import("@/lib/db/external-accounts");
const { hashPassword } = await import("@/lib/auth/password");
const { checkCredentials } = await import("@/lib/auth/login");
const { recentSignInNeeded } = await import("@/lib/auth/reauth");

process.env.AUTH_SECRET = "test-secret-for-no-password-settings-0123456789";

function form(fields: Record<string, string>) {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
}

/** Signs in an account (without a password unless given one) with a session started `minutesAgo`. */
async function signIn({ minutesAgo = 0, password }: { minutesAgo?: number; password?: string } = {}) {
  const name = `np-${randomUUID().slice(0, 8)}`;
  const user = await createUser({
    email: `${name}@corp.example`,
    username: name,
    passwordHash: password ? await hashPassword(password) : NO_PASSWORD,
  });
  // Signed in through the provider account it was made with (connected before the session began).
  await db.externalAccount.create({
    data: {
      userId: user.id,
      provider: "oidc",
      subject: randomUUID(),
      createdAt: new Date(Date.now() - (minutesAgo + 1) * 60_000),
    },
  });
  const session = await createSession({ userId: user.id, tokenHash: randomUUID(), signInMethod: "Company SSO" });
  await db.session.update({
    where: { id: session.id },
    data: { createdAt: new Date(Date.now() - minutesAgo * 60_000) },
  });
  signedIn.user = {
    id: user.id,
    email: user.email,
    username: user.username,
    isSuperuser: user.isSuperuser,
    isEmailVerified: true,
    mustSetUpTwoFactor: false,
    sessionId: session.id,
  };
  return { user, sessionId: session.id };
}

const profile = (user: { username: string }, email: string) =>
  form({ fullName: "", bio: "", username: user.username, email, currentPassword: "" });

describe("an account without a password", () => {
  it("changes its email address after a recent sign-in, without a password it does not have", async () => {
    const { user } = await signIn({ minutesAgo: 1 });
    const answer = await saveProfile(null, profile(user, "new-address@corp.example"));
    expect(answer).toMatchObject({ ok: true });
    expect(answer.notice).toContain("We sent a link to new-address@corp.example");
    expect(await db.emailToken.count({ where: { userId: user.id, email: "new-address@corp.example" } })).toBe(1);
  });

  it("does not change it with an older session alone: it is told to sign in again", async () => {
    const { user } = await signIn({ minutesAgo: 11 });
    const answer = await saveProfile(null, profile(user, "thief@evil.example"));
    expect(answer.fields?.email).toBe(recentSignInNeeded("changing your email address"));
    expect(await db.emailToken.count({ where: { userId: user.id } })).toBe(0);
  });

  it("sets a password after a recent sign-in, which then logs in, and other sessions end", async () => {
    const { user, sessionId } = await signIn({ minutesAgo: 2 });
    const other = await createSession({ userId: user.id, tokenHash: randomUUID() });
    const answer = await setPassword(null, form({ newPassword: "a new pass phrase 7" }));
    expect(answer).toMatchObject({ ok: true });
    const login = await checkCredentials({ login: user.username, password: "a new pass phrase 7", ip: "10.67.0.2" });
    expect(login.ok).toBe(true);
    const sessions = await db.session.findMany({ where: { userId: user.id }, select: { id: true, isActive: true } });
    expect(sessions.find((s) => s.id === sessionId)?.isActive).toBe(true);
    expect(sessions.find((s) => s.id === other.id)?.isActive).toBe(false);
    const audit = await db.auditEvent.findFirst({ where: { action: "auth.password_set", subjectId: user.id } });
    expect(audit).not.toBeNull();
  });

  it("does not set one with an older session alone", async () => {
    const { user } = await signIn({ minutesAgo: 30 });
    const answer = await setPassword(null, form({ newPassword: "a thief's pass phrase" }));
    expect(answer).toMatchObject({ ok: false, error: recentSignInNeeded("setting a password") });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBe(NO_PASSWORD);
  });

  it("is deleted after a recent sign-in, and not with an older session", async () => {
    const old = await signIn({ minutesAgo: 15 });
    expect(await deleteAccount(null, form({}))).toMatchObject({
      ok: false,
      error: recentSignInNeeded("deleting your account"),
    });
    expect(await db.user.count({ where: { id: old.user.id } })).toBe(1);
    const recent = await signIn({ minutesAgo: 0 });
    await deleteAccount(null, form({}));
    expect(await db.user.count({ where: { id: recent.user.id } })).toBe(0);
  });
});

describe("an account with a password", () => {
  it("cannot use 'Set a password' (that would replace its password without the current one)", async () => {
    const { user } = await signIn({ password: "the owner's password 1" });
    const answer = await setPassword(null, form({ newPassword: "a thief's pass phrase" }));
    expect(answer).toMatchObject({ ok: false });
    const login = await checkCredentials({ login: user.username, password: "the owner's password 1", ip: "10.67.0.3" });
    expect(login.ok).toBe(true);
  });

  it("still needs its password to change the email address, however recent the sign-in", async () => {
    const { user } = await signIn({ password: "the owner's password 2" });
    const answer = await saveProfile(null, profile(user, "elsewhere@corp.example"));
    expect(answer.fields?.currentPassword).toBe("Enter your current password to change your email address.");
    expect(await db.emailToken.count({ where: { userId: user.id } })).toBe(0);
  });
});
