import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { hashToken } from "../crypto";
import { db } from "../db/client";
import { createEmailToken } from "../db/email-tokens";
import { disconnectExternalAccount, NO_PASSWORD } from "../db/external-accounts";
import { createInvite } from "../db/invites";
import { createUser } from "../db/users";
import { createApiKeyWithPassword, RECENT_SIGN_IN_NEEDED } from "./account-security";
import type { SignupSettings } from "./admin-schemas";
import { resetPassword } from "./email-flows";
import { checkCredentials } from "./login";
import { hashPassword } from "./password";
import { saveSignupSettings } from "./signup-settings";
import { type SsoSignInInput, signInWithSso } from "./sso";
import { identityFromProfile, type SsoIdentity } from "./sso-providers";

// The mapping from a provider's identity to a Parley account, on both dialects. The protocol itself (state,
// PKCE, issuer, audience) is Auth.js's and is attacked against a real provider in sso-protocol.test.ts and
// e2e/sso.spec.ts.

const provider = { id: "oidc", name: "Company SSO" } as const;
let adminId: string;
let counter = 0;

function identity(patch: Partial<SsoIdentity> = {}): SsoIdentity {
  counter += 1;
  return {
    subject: `sub-${counter}-${Date.now()}`,
    email: `person${counter}@corp.example`,
    emailVerified: true,
    preferredUsername: `person${counter}`,
    fullName: null,
    groups: [],
    ...patch,
  };
}

function signIn(who: SsoIdentity, extra: Partial<SsoSignInInput> = {}) {
  return signInWithSso({
    provider,
    identity: who,
    ip: `198.51.100.${(counter % 250) + 1}`,
    headers: new Headers({ "user-agent": "vitest" }),
    ...extra,
  });
}

async function signedInUserId(who: SsoIdentity, extra: Partial<SsoSignInInput> = {}) {
  const outcome = await signIn(who, extra);
  if (outcome.kind !== "signed_in") throw new Error(`expected a session, got ${JSON.stringify(outcome)}`);
  return outcome.user.id;
}

async function settings(patch: Partial<SignupSettings>) {
  await saveSignupSettings({ mode: "open", allowedDomains: [], requireApproval: false, ...patch });
}

async function passwordAccount(email: string, username: string) {
  return createUser({ email, username, passwordHash: await hashPassword("correct horse battery") });
}

beforeAll(async () => {
  adminId = (await createUser({ email: "root@example.test", username: "root", passwordHash: "x" })).id;
});

beforeEach(async () => {
  await settings({});
  delete process.env.AUTH_OIDC_ADMIN_GROUPS;
  delete process.env.AUTH_OIDC_ROLE_GROUPS;
});

afterEach(() => {
  delete process.env.AUTH_OIDC_ADMIN_GROUPS;
  delete process.env.AUTH_OIDC_ROLE_GROUPS;
});

describe("first sign-in", () => {
  it("creates the account from the claims, connects the subject and starts a session named after the provider", async () => {
    const who = identity({ preferredUsername: "ada.l", email: "Ada@Corp.example" });
    const outcome = await signIn(who);
    expect(outcome.kind).toBe("signed_in");
    if (outcome.kind !== "signed_in") return;
    const user = await db.user.findUniqueOrThrow({ where: { id: outcome.user.id } });
    expect(user).toMatchObject({ username: "ada.l", email: "ada@corp.example", passwordHash: NO_PASSWORD });
    expect(user.emailVerifiedAt).not.toBeNull();
    expect(await db.externalAccount.count({ where: { userId: user.id, provider: "oidc", subject: who.subject } })).toBe(
      1,
    );
    const session = await db.session.findUniqueOrThrow({ where: { tokenHash: hashToken(outcome.user.sessionToken) } });
    expect(session).toMatchObject({ userId: user.id, signInMethod: "Company SSO", isActive: true });
    const login = await db.auditEvent.findFirst({ where: { action: "auth.login", subjectId: user.id } });
    expect(login?.details).toEqual({ method: "sso", provider: "Company SSO" });
  });

  it("leaves the address unverified when the provider says email_verified is false", async () => {
    const id = await signedInUserId(identity({ emailVerified: false }));
    expect((await db.user.findUniqueOrThrow({ where: { id } })).emailVerifiedAt).toBeNull();
  });

  it("makes the username unique, and falls back to the address's local part", async () => {
    const first = await signedInUserId(identity({ preferredUsername: "sam" }));
    const second = await signedInUserId(identity({ preferredUsername: "sam" }));
    const third = await signedInUserId(identity({ preferredUsername: null, email: "kim+x@corp.example" }));
    const names = await db.user.findMany({ where: { id: { in: [first, second, third] } }, select: { username: true } });
    expect(names.map((n) => n.username).sort()).toEqual(["kimx", "sam", "sam2"]);
  });

  it("has no password that any login accepts", async () => {
    const who = identity();
    await signedInUserId(who);
    for (const password of ["", " ", "x"]) {
      expect((await checkCredentials({ login: who.email ?? "", password, ip: "192.0.2.1" })).ok).toBe(false);
    }
  });

  it("refuses a provider that shares no address", async () => {
    expect(await signIn(identity({ email: null }))).toEqual({ kind: "refused", reason: "no_email" });
  });
});

describe("later sign-ins", () => {
  it("find the same account by subject, even when the provider changes the address", async () => {
    const who = identity();
    const first = await signedInUserId(who);
    const again = await signedInUserId({ ...who, email: "renamed@corp.example" });
    expect(again).toBe(first);
    expect((await db.user.findUniqueOrThrow({ where: { id: first } })).email).toBe(who.email);
    expect((await db.externalAccount.findFirstOrThrow({ where: { userId: first } })).email).toBe(
      "renamed@corp.example",
    );
  });

  it("never enter another account whose address the provider changes the user's address to", async () => {
    const victim = await passwordAccount("victim@corp.example", "victim");
    const who = identity();
    const attacker = await signedInUserId(who);
    expect(await signedInUserId({ ...who, email: "victim@corp.example" })).toBe(attacker);
    expect(await db.session.count({ where: { userId: victim.id } })).toBe(0);
  });

  it("refuse a deactivated or deleted account", async () => {
    const who = identity();
    const id = await signedInUserId(who);
    await db.user.update({ where: { id }, data: { isActive: false } });
    expect(await signIn(who)).toEqual({ kind: "refused", reason: "inactive" });
    await db.user.update({ where: { id }, data: { isActive: true, deletedAt: new Date() } });
    expect(await signIn(who)).toEqual({ kind: "refused", reason: "inactive" });
    expect(await db.session.count({ where: { userId: id } })).toBe(1);
  });
});

describe("no takeover by email", () => {
  it("a provider that asserted someone's unverified address loses the account when its owner resets the password", async () => {
    // Pre-hijacking: the attacker's provider claims the victim's address before the victim ever signs up.
    const who = identity({ email: "later-victim@corp.example", emailVerified: false });
    const userId = await signedInUserId(who);
    const token = await createEmailToken({ userId, purpose: "reset-password" });
    expect((await resetPassword(token, "a fresh long passphrase")).ok).toBe(true);
    expect(await db.externalAccount.count({ where: { userId } })).toBe(0);
    expect(await signIn(who)).toEqual({ kind: "refused", reason: "email_in_use" });
    expect(await db.session.count({ where: { userId, isActive: true } })).toBe(0);
  });

  it("refuses a new subject whose (verified) address belongs to a password account", async () => {
    const owner = await passwordAccount("owner@corp.example", "owner");
    const outcome = await signIn(identity({ email: "OWNER@corp.example", emailVerified: true }));
    expect(outcome).toEqual({ kind: "refused", reason: "email_in_use" });
    expect(await db.session.count({ where: { userId: owner.id } })).toBe(0);
    expect(await db.externalAccount.count({ where: { userId: owner.id } })).toBe(0);
    expect(await db.auditEvent.count({ where: { action: "auth.sso_refused" } })).toBeGreaterThan(0);
  });

  it("lets the owner connect the provider, after which the subject signs in to that account", async () => {
    const owner = await passwordAccount("connector@corp.example", "connector");
    const who = identity({ email: "connector@corp.example" });
    expect(await signIn(who, { connectToUserId: owner.id })).toEqual({ kind: "connected" });
    expect(await signedInUserId(who)).toBe(owner.id);
    // The same subject cannot be connected to a second account.
    const other = await passwordAccount("other@corp.example", "other");
    expect(await signIn(who, { connectToUserId: other.id })).toEqual({
      kind: "refused",
      reason: "connected_elsewhere",
    });
  });
});

describe("disconnecting", () => {
  it("refuses to remove the last way in, and allows it once a password exists", async () => {
    const who = identity();
    const id = await signedInUserId(who);
    expect(await disconnectExternalAccount({ userId: id, provider: "oidc" })).toBe("last_way_in");
    await db.user.update({ where: { id }, data: { passwordHash: await hashPassword("a new pass phrase") } });
    expect(await disconnectExternalAccount({ userId: id, provider: "oidc" })).toBe("disconnected");
    expect(await disconnectExternalAccount({ userId: id, provider: "oidc" })).toBe("not_found");
  });
});

describe("sign-up policy", () => {
  it("closed and invite-only refuse new accounts, unless the admin lets SSO create them", async () => {
    for (const mode of ["closed", "invite"] as const) {
      await settings({ mode });
      expect(await signIn(identity())).toEqual({ kind: "refused", reason: "signup_closed" });
      await settings({ mode, ssoSignup: true });
      expect((await signIn(identity())).kind).toBe("signed_in");
    }
  });

  it("closed mode still lets existing accounts in, and an invited person sign up", async () => {
    const who = identity();
    await signedInUserId(who);
    await settings({ mode: "closed" });
    expect((await signIn(who)).kind).toBe("signed_in");
    const invited = identity({ email: "invited@corp.example" });
    const { token } = await createInvite({
      maxUses: 1,
      email: "invited@corp.example",
      expiresAt: new Date(Date.now() + 60_000),
      createdById: adminId,
    });
    expect((await signIn(invited, { inviteToken: token })).kind).toBe("signed_in");
    expect(await signIn(identity(), { inviteToken: token })).toEqual({ kind: "refused", reason: "invite_invalid" });
    expect(await signIn(identity(), { inviteToken: "inv_forged" })).toEqual({
      kind: "refused",
      reason: "invite_invalid",
    });
  });

  it("allowed domains apply to the provider's address, which must be verified", async () => {
    await settings({ allowedDomains: ["corp.example"] });
    expect(await signIn(identity({ email: "x1@elsewhere.example" }))).toEqual({
      kind: "refused",
      reason: "domain_not_allowed",
    });
    expect(await signIn(identity({ emailVerified: false }))).toEqual({ kind: "refused", reason: "domain_not_allowed" });
    expect((await signIn(identity())).kind).toBe("signed_in");
  });

  it("while approval is required, a new account waits and cannot sign in until approved", async () => {
    await settings({ requireApproval: true });
    const who = identity();
    expect(await signIn(who)).toEqual({ kind: "refused", reason: "pending_approval" });
    const user = await db.user.findFirstOrThrow({ where: { email: who.email ?? "" } });
    expect(user.pendingApproval).toBe(true);
    expect(await signIn(who)).toEqual({ kind: "refused", reason: "pending_approval" });
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    await db.user.update({ where: { id: user.id }, data: { pendingApproval: false } });
    expect((await signIn(who)).kind).toBe("signed_in");
  });
});

describe("groups to rights", () => {
  it("AUTH_OIDC_ADMIN_GROUPS grants and removes administrator at every sign-in", async () => {
    process.env.AUTH_OIDC_ADMIN_GROUPS = "parley-admins, ops";
    const who = identity({ groups: ["staff", "parley-admins"] });
    const id = await signedInUserId(who);
    expect((await db.user.findUniqueOrThrow({ where: { id } })).isSuperuser).toBe(true);
    await signedInUserId({ ...who, groups: ["staff"] });
    expect((await db.user.findUniqueOrThrow({ where: { id } })).isSuperuser).toBe(false);
    const audit = await db.auditEvent.findMany({ where: { action: "auth.sso_roles_changed", subjectId: id } });
    expect(audit.map((a) => a.details)).toEqual([{ changes: "+administrator" }, { changes: "-administrator" }]);
  });

  it("never removes the last active administrator", async () => {
    process.env.AUTH_OIDC_ADMIN_GROUPS = "parley-admins";
    const who = identity({ groups: ["parley-admins"] });
    const id = await signedInUserId(who);
    await db.user.updateMany({ where: { isSuperuser: true, id: { not: id } }, data: { isSuperuser: false } });
    try {
      await signedInUserId({ ...who, groups: [] });
      expect((await db.user.findUniqueOrThrow({ where: { id } })).isSuperuser).toBe(true);
    } finally {
      await db.user.update({ where: { id: adminId }, data: { isSuperuser: true } });
    }
  });

  it("AUTH_OIDC_ROLE_GROUPS grants and removes the mapped roles and leaves other roles alone", async () => {
    const [writers, manual] = await Promise.all([
      db.role.create({ data: { name: `writers-${counter}` } }),
      db.role.create({ data: { name: `manual-${counter}` } }),
    ]);
    process.env.AUTH_OIDC_ROLE_GROUPS = `eng=${writers.name},docs=${writers.name}`;
    const who = identity({ groups: ["eng"] });
    const id = await signedInUserId(who);
    await db.userRole.create({ data: { userId: id, roleId: manual.id } });
    const roles = async () =>
      (await db.userRole.findMany({ where: { userId: id }, include: { role: true } })).map((r) => r.role.name).sort();
    expect(await roles()).toEqual([manual.name, writers.name].sort());
    await signedInUserId({ ...who, groups: ["sales"] });
    expect(await roles()).toEqual([manual.name]);
  });
});

describe("API keys for an account without a password", () => {
  it("need a sign-in within the last minutes instead of the password", async () => {
    const outcome = await signIn(identity());
    if (outcome.kind !== "signed_in") throw new Error("expected a session");
    const session = await db.session.findUniqueOrThrow({ where: { tokenHash: hashToken(outcome.user.sessionToken) } });
    const create = () =>
      createApiKeyWithPassword({
        user: { id: outcome.user.id, isEmailVerified: true, sessionId: session.id },
        currentPassword: "",
        ip: "192.0.2.9",
        name: "cli",
        scopes: ["profile:read"],
        expiresAt: null,
      });
    expect((await create()).ok).toBe(true);
    await db.session.update({ where: { id: session.id }, data: { createdAt: new Date(Date.now() - 60 * 60_000) } });
    expect(await create()).toEqual({ ok: false, error: RECENT_SIGN_IN_NEEDED });
  });
});

describe("identityFromProfile", () => {
  it("reads the standard claims and treats anything but true as unverified", () => {
    expect(
      identityFromProfile("oidc", {
        sub: "abc",
        email: "A@B.example",
        email_verified: "true",
        preferred_username: "a",
        groups: ["g"],
      }),
    ).toMatchObject({ subject: "abc", email: "a@b.example", emailVerified: true, groups: ["g"] });
    expect(
      identityFromProfile("oidc", { sub: "abc", email: "a@b.example", email_verified: "false" })?.emailVerified,
    ).toBe(false);
    expect(identityFromProfile("oidc", { email: "a@b.example" })).toBeNull();
    expect(identityFromProfile("oidc", { sub: "abc", groups: "admins" })?.groups).toEqual([]);
  });

  it("counts a GitHub address as unverified and uses the numeric id and login", () => {
    expect(identityFromProfile("github", { id: 42, login: "octo", email: "o@example.com" })).toMatchObject({
      subject: "42",
      preferredUsername: "octo",
      emailVerified: false,
    });
  });
});
