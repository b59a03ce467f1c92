import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as tokenRoute } from "@/app/api/v1/auth/token/route";
import { hashToken } from "../crypto";
import { db } from "../db/client";
import { createEmailToken } from "../db/email-tokens";
import { createInvite, revokeInvite } from "../db/invites";
import { createSession, findValidSession } from "../db/sessions";
import { approveUser, createUser, listPendingUsers, rejectPendingUser } from "../db/users";
import type { SignupSettings } from "./admin-schemas";
import { authorizeCredentials } from "./authorize";
import { verifyEmail } from "./email-flows";
import { checkCredentials } from "./login";
import { EmailNotVerified } from "./login-errors";
import { emailChangeRefusal, registerUser, signupRefusal } from "./signup";
import { getSignupSettings, saveSignupSettings } from "./signup-settings";
import { exchangePassword } from "./token-endpoint";

// Every sign-up path goes through registerUser, so each mode is tested there, on both dialects.

let adminId: string;
let ipCounter = 0;
let nameCounter = 0;

function signup(overrides: { email?: string; inviteToken?: string | null } = {}) {
  nameCounter += 1;
  return registerUser({
    email: overrides.email ?? `person${nameCounter}@example.test`,
    username: `person${nameCounter}`,
    password: "pass phrase 1",
    // A fresh address each time, so the per-IP sign-up limit never interferes.
    ip: `198.51.100.${++ipCounter % 250}`,
    inviteToken: overrides.inviteToken,
  });
}

async function settings(patch: Partial<SignupSettings>) {
  await saveSignupSettings({ mode: "open", allowedDomains: [], requireApproval: false, ...patch });
}

function invite(overrides: { maxUses?: number; email?: string | null; expiresAt?: Date } = {}) {
  return createInvite({
    maxUses: overrides.maxUses ?? 1,
    email: overrides.email ?? null,
    expiresAt: overrides.expiresAt ?? new Date(Date.now() + 86_400_000),
    createdById: adminId,
  });
}

beforeAll(async () => {
  // The first account is the administrator whatever the settings say; the tests start after it.
  adminId = (await createUser({ email: "admin@example.test", username: "admin", passwordHash: "x" })).id;
});

beforeEach(async () => {
  await settings({});
});

describe("sign-up settings", () => {
  it("are stored in the database and default to open", async () => {
    await db.setting.deleteMany({});
    expect(await getSignupSettings()).toEqual({
      mode: "open",
      allowedDomains: [],
      requireApproval: false,
      ssoSignup: false,
      hidePasswordLogin: false,
    });
    await settings({ mode: "invite", allowedDomains: ["example.org"], requireApproval: true });
    expect(await getSignupSettings()).toEqual({
      mode: "invite",
      allowedDomains: ["example.org"],
      requireApproval: true,
      ssoSignup: false,
      hidePasswordLogin: false,
    });
  });
});

describe("open", () => {
  it("lets anyone sign up and sign in", async () => {
    const user = await signup();
    expect(user.pendingApproval).toBe(false);
    expect(await signupRefusal()).toBeNull();
  });
});

describe("closed", () => {
  it("refuses every sign-up, with or without an invite, and creates nothing", async () => {
    const { token } = await invite();
    await settings({ mode: "closed" });
    const before = await db.user.count();
    await expect(signup()).rejects.toMatchObject({ status: 403, code: "forbidden:signup_closed" });
    await expect(signup({ inviteToken: token })).rejects.toMatchObject({ status: 403 });
    expect(await db.user.count()).toBe(before);
    expect(await signupRefusal()).toMatch(/closed/);
    expect(await signupRefusal(token)).toMatch(/closed/);
  });

  it("still lets an admin create accounts", async () => {
    await settings({ mode: "closed" });
    const user = await createUser({ email: "made@example.test", username: "made", passwordHash: "x" });
    expect(user.isActive).toBe(true);
  });
});

describe("invite links", () => {
  beforeEach(async () => {
    await settings({ mode: "invite" });
  });

  it("refuses a sign-up without an invite", async () => {
    await expect(signup()).rejects.toMatchObject({ status: 403, code: "forbidden:invite_required" });
    expect(await signupRefusal()).toMatch(/invite link/);
  });

  it("gives a single-use invite to exactly one of two parallel sign-ups", async () => {
    const { token } = await invite({ maxUses: 1 });
    const before = await db.user.count();
    const results = await Promise.allSettled([signup({ inviteToken: token }), signup({ inviteToken: token })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected");
    expect(refused?.status === "rejected" && refused.reason).toMatchObject({
      status: 403,
      message: expect.stringMatching(/used as many times/),
    });
    expect(await db.user.count()).toBe(before + 1);
    const row = await db.invite.findFirstOrThrow({ where: { tokenPrefix: token.slice(0, 10) } });
    expect(row.remainingUses).toBe(0);
  });

  it("gives an n-use invite to exactly n of many parallel sign-ups", async () => {
    const { token } = await invite({ maxUses: 3 });
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => signup({ inviteToken: token })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    expect(await signupRefusal(token)).toMatch(/used as many times/);
  });

  it("gives the use back when the account cannot be created (a taken email)", async () => {
    const { token } = await invite({ maxUses: 1 });
    await expect(signup({ email: "admin@example.test", inviteToken: token })).rejects.toMatchObject({ status: 409 });
    await expect(signup({ inviteToken: token })).resolves.toMatchObject({ pendingApproval: false });
  });

  it("refuses expired, revoked and unknown invites with a clear reason", async () => {
    const expired = await invite({ expiresAt: new Date(Date.now() - 1000) });
    await expect(signup({ inviteToken: expired.token })).rejects.toMatchObject({ message: /expired/ });
    const revoked = await invite();
    expect(await revokeInvite(revoked.id)).toBe(true);
    await expect(signup({ inviteToken: revoked.token })).rejects.toMatchObject({ message: /withdrawn/ });
    await expect(signup({ inviteToken: "inv_nonsense" })).rejects.toMatchObject({ message: /not valid/ });
  });

  it("binds an invite to its email address when it names one", async () => {
    const { token } = await invite({ email: "guest@example.test" });
    await expect(signup({ email: "other@example.test", inviteToken: token })).rejects.toMatchObject({
      message: /different email/,
    });
    await expect(signup({ email: "Guest@Example.test", inviteToken: token })).resolves.toMatchObject({
      email: "guest@example.test",
    });
  });
});

describe("allowed email domains", () => {
  it("accepts only the listed domains, unless the person has an invite", async () => {
    await settings({ allowedDomains: ["team.example"] });
    await expect(signup({ email: "x@elsewhere.example" })).rejects.toMatchObject({
      status: 403,
      code: "forbidden:email_domain",
      message: /@team\.example/,
    });
    await expect(signup({ email: "x@sub.team.example" })).rejects.toMatchObject({ status: 403 });
    await expect(signup({ email: "x@TEAM.example" })).resolves.toMatchObject({ email: "x@team.example" });
    const { token } = await invite();
    await expect(signup({ email: "friend@elsewhere.example", inviteToken: token })).resolves.toBeTruthy();
  });
});

describe("allowed email domains mean a verified address in them", () => {
  const password = "pass phrase 1";
  const tokenRequest = (login: string) =>
    new Request("http://parley.test/api/v1/auth/token", {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": `203.0.113.${++ipCounter % 250}` },
      body: JSON.stringify({ login, password }),
    });

  it("an address nobody controls gets no session and no token until its link is opened", async () => {
    await settings({ allowedDomains: ["allowed.example"] });
    const user = await signup({ email: "ceo-does-not-exist@allowed.example" });
    expect(user.mustVerifyEmail).toBe(true);
    // The login form: refused with its own reason (the page says "check your email"), no session row.
    const login = authorizeCredentials({ login: user.username, password }, new Headers());
    await expect(login).rejects.toBeInstanceOf(EmailNotVerified);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    // The token endpoint: 403 with its own code.
    const refused = await tokenRoute(tokenRequest(user.username));
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe("forbidden:email_unverified");
    // A session row made some other way does not count either.
    await createSession({ userId: user.id, tokenHash: hashToken("unverified-session") });
    expect(await findValidSession(hashToken("unverified-session"))).toBeNull();
    // Opening the link makes the account usable.
    const token = await createEmailToken({ userId: user.id, purpose: "verify-email" });
    expect((await verifyEmail(token)).ok).toBe(true);
    expect((await tokenRoute(tokenRequest(user.username))).status).toBe(200);
    expect(await findValidSession(hashToken("unverified-session"))).not.toBeNull();
  });

  it("changing the email re-checks the domain, when asked and when the link is opened", async () => {
    await settings({ allowedDomains: ["allowed.example"] });
    const user = await signup({ email: "real@allowed.example" });
    expect(await emailChangeRefusal(user.id, "me@elsewhere.example")).toMatch(/@allowed\.example/);
    expect(await emailChangeRefusal(user.id, "other@allowed.example")).toBeNull();
    // Asked for while allowed, then the rule changed: the link no longer moves the address.
    const link = await createEmailToken({ userId: user.id, purpose: "verify-email", email: "other@allowed.example" });
    await settings({ allowedDomains: ["team.example"] });
    expect((await verifyEmail(link)).ok).toBe(false);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe("real@allowed.example");
    // Without a domain rule (or signed up with an invite) nothing changes for anyone.
    await settings({});
    const free = await signup({ email: "free@anywhere.example" });
    expect(free.mustVerifyEmail).toBe(false);
    await expect(authorizeCredentials({ login: free.username, password }, new Headers())).resolves.toMatchObject({
      id: free.id,
    });
  });
});

describe("approval", () => {
  it("keeps new accounts waiting until an admin approves; the password alone does not sign them in", async () => {
    await settings({ requireApproval: true });
    const user = await signup();
    expect(user.pendingApproval).toBe(true);
    expect((await listPendingUsers()).map((u) => u.id)).toContain(user.id);
    const login = () => checkCredentials({ login: user.username, password: "pass phrase 1", ip: "203.0.113.9" });
    expect(await login()).toMatchObject({ ok: false, reason: "pending_approval" });
    // A wrong password says nothing about the wait.
    expect(
      await checkCredentials({ login: user.username, password: "wrong password", ip: "203.0.113.9" }),
    ).toMatchObject({ ok: false, reason: "invalid" });
    // Programs are refused too: the token endpoint says why.
    const tokenRequest = () =>
      new Request("http://parley.test/api/v1/auth/token", {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": "203.0.113.10" },
        body: JSON.stringify({ login: user.username, password: "pass phrase 1" }),
      });
    await expect(exchangePassword(tokenRequest())).rejects.toMatchObject({
      status: 403,
      code: "forbidden:pending_approval",
    });
    expect(await approveUser(user.id)).toBe(true);
    expect(await login()).toMatchObject({ ok: true });
    await expect(exchangePassword(tokenRequest())).resolves.toMatchObject({ tokenType: "Bearer" });
    expect((await listPendingUsers()).map((u) => u.id)).not.toContain(user.id);
  });

  it("deletes a rejected sign-up, so the address can try again later", async () => {
    await settings({ requireApproval: true });
    const user = await signup({ email: "reject-me@example.test" });
    expect(await rejectPendingUser(user.id)).toMatchObject({ email: "reject-me@example.test" });
    expect(await db.user.findUnique({ where: { id: user.id } })).toBeNull();
    // Only pending accounts can be rejected this way.
    expect(await rejectPendingUser(adminId)).toBeNull();
    expect(await db.user.findUnique({ where: { id: adminId } })).not.toBeNull();
  });

  it("lets an invited person in without waiting", async () => {
    await settings({ requireApproval: true });
    const { token } = await invite();
    expect((await signup({ inviteToken: token })).pendingApproval).toBe(false);
  });
});
