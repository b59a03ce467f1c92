import { randomUUID } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import { describe, expect, it, vi } from "vitest";
import { TEST_ADMIN } from "@/test/admin-session";

// The admin's sign-up and role forms as the browser sends them (unticked checkboxes and unchosen radios are
// absent), through the real action wrappers and database.

vi.mock("@/lib/auth/current-user", async () => (await import("@/test/admin-session")).superuserSession());
vi.mock("next/headers", () => ({ headers: async () => new Headers() }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const { createInviteAction, saveSignupSettingsAction } = await import("./signup/actions");
const { resetTwoFactorLoginAction, saveRolePermissionsAction } = await import("./actions");
const { getSignupSettings } = await import("@/lib/auth/signup-settings");
const { getDefaultRole, getRoleWithPermissions } = await import("@/lib/db/roles");
const { db } = await import("@/lib/db/client");
const { createUser } = await import("@/lib/db/users");
const { createApiKey } = await import("@/lib/db/api-keys");
const { createPasskey } = await import("@/lib/db/passkeys");
const { hashPassword } = await import("@/lib/auth/password");
const { authorizeCredentials } = await import("@/lib/auth/authorize");
const { SecondFactorRequired, LoginTicketExpired } = await import("@/lib/auth/login-errors");
const { beginTotpSetup, confirmTotpSetup } = await import("@/lib/auth/two-factor");

function form(fields: Record<string, string | string[]>) {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) data.append(name, v);
  }
  return data;
}

describe("sign-up settings form", () => {
  it("saves the mode and domains, with approval off when its box is not ticked, and audits it", async () => {
    const result = await saveSignupSettingsAction(
      null,
      form({ mode: "closed", allowedDomains: "Example.com, @team.example" }),
    );
    expect(result).toMatchObject({ ok: true, notice: "Sign-up settings saved." });
    expect(await getSignupSettings()).toEqual({
      mode: "closed",
      allowedDomains: ["example.com", "team.example"],
      requireApproval: false,
      ssoSignup: false,
      hidePasswordLogin: false,
    });
    expect(await db.auditEvent.count({ where: { action: "admin.signup_settings_changed" } })).toBe(1);
    await saveSignupSettingsAction(
      null,
      form({ mode: "open", allowedDomains: "", requireApproval: "on", ssoSignup: "on", hidePasswordLogin: "on" }),
    );
    expect(await getSignupSettings()).toMatchObject({
      mode: "open",
      requireApproval: true,
      ssoSignup: true,
      hidePasswordLogin: true,
    });
  });

  it("refuses a bad domain or no mode next to the field, and changes nothing", async () => {
    const before = await getSignupSettings();
    const bad = await saveSignupSettingsAction(null, form({ mode: "open", allowedDomains: "not a domain" }));
    expect(bad).toMatchObject({ ok: false, fields: { allowedDomains: expect.stringMatching(/Not a domain/) } });
    const noMode = await saveSignupSettingsAction(null, form({ allowedDomains: "" }));
    expect(noMode).toMatchObject({ ok: false, fields: { mode: "Choose who may sign up." } });
    expect(await getSignupSettings()).toEqual(before);
  });
});

describe("invite form", () => {
  it("answers the link once and stores only its hash", async () => {
    const result = await createInviteAction(null, form({ maxUses: "2", expiresInDays: "3", email: "" }));
    expect(result.ok).toBe(true);
    const link = result.ok ? result.data.link : "";
    const token = new URL(link).searchParams.get("invite") ?? "";
    expect(token).toMatch(/^inv_/);
    const row = await db.invite.findFirstOrThrow({ orderBy: { createdAt: "desc" } });
    expect(row).toMatchObject({ maxUses: 2, remainingUses: 2, email: null });
    expect(JSON.stringify(row)).not.toContain(token);
  });

  it("says what is wrong with each field", async () => {
    const result = await createInviteAction(null, form({ maxUses: "0", expiresInDays: "999", email: "nope" }));
    expect(result).toMatchObject({ ok: false, fields: { maxUses: "At least 1 use." } });
  });
});

describe("role permissions form", () => {
  it("saves a model list, limits (empty is none) and the two permissions (unticked is no)", async () => {
    const role = await getDefaultRole();
    const result = await saveRolePermissionsAction(
      null,
      form({
        roleId: role.id,
        models: ["offline", "not-configured"],
        messagesPerMinute: "",
        tokensPerDay: "5000",
        canShareLinks: "on",
      }),
    );
    expect(result).toMatchObject({ ok: true });
    expect(await getRoleWithPermissions(role.id)).toMatchObject({
      allowedModels: ["offline"],
      messagesPerMinute: null,
      tokensPerDay: 5000,
      canCreateApiKeys: false,
      canShareLinks: true,
    });
    await saveRolePermissionsAction(null, form({ roleId: role.id, allModels: "on", canCreateApiKeys: "on" }));
    expect(await getRoleWithPermissions(role.id)).toMatchObject({ allowedModels: null, tokensPerDay: null });
  });

  it("refuses no model at all, and a limit that is not a whole number", async () => {
    const role = await getDefaultRole();
    expect(await saveRolePermissionsAction(null, form({ roleId: role.id }))).toMatchObject({
      ok: false,
      fields: { allowedModels: "Choose at least one model, or allow all models." },
    });
    expect(
      await saveRolePermissionsAction(null, form({ roleId: role.id, allModels: "on", tokensPerDay: "1.5" })),
    ).toMatchObject({ ok: false, fields: { tokensPerDay: "Enter a whole number, or leave it empty." } });
  });
});

describe("resetting a person's two-factor login", () => {
  const PASSWORD = "lost my phone password 1";
  let ipCounter = 0;
  const headers = () => new Headers({ "x-forwarded-for": `10.77.0.${++ipCounter}`, "user-agent": "vitest" });
  const codeAt = (secret: string, at: number) =>
    new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: at });

  /** Someone with an authenticator, recovery codes, a passkey, an API key and a session (signed in with a code). */
  async function personWithTwoFactor() {
    const name = `lost-${randomUUID().slice(0, 8)}`;
    const user = await createUser({
      email: `${name}@example.test`,
      username: name,
      passwordHash: await hashPassword(PASSWORD),
    });
    const setup = await beginTotpSetup(user);
    if (!setup) throw new Error("set-up refused");
    const on = await confirmTotpSetup({
      userId: user.id,
      code: codeAt(setup.secret, Date.now() - 30_000),
      ip: "10.77.1.1",
    });
    expect(on.ok).toBe(true);
    await createPasskey({
      userId: user.id,
      name: "Old phone",
      credentialId: `cred-${name}`,
      publicKey: new Uint8Array([1, 2, 3]),
      counter: 0,
      transports: ["internal"],
    });
    await createApiKey({ userId: user.id, name: "script", scopes: ["conversations:read"] });
    const ticket = await passwordStep(name);
    await authorizeCredentials({ ticket, code: codeAt(setup.secret, Date.now()) }, headers());
    return { user, name };
  }

  async function passwordStep(login: string): Promise<string> {
    const error = await authorizeCredentials({ login, password: PASSWORD }, headers()).catch((e) => e);
    expect(error).toBeInstanceOf(SecondFactorRequired);
    return (error as InstanceType<typeof SecondFactorRequired>).ticket;
  }

  it("removes the authenticator, recovery codes and passkeys, logs them out everywhere, keeps the API key, and audits it", async () => {
    const { user, name } = await personWithTwoFactor();
    const pendingTicket = await passwordStep(name);
    expect(await db.session.count({ where: { userId: user.id, isActive: true } })).toBe(1);

    const result = await resetTwoFactorLoginAction(null, form({ userId: user.id }));
    expect(result).toEqual({
      ok: true,
      data: null,
      notice:
        "Removed the authenticator app, 10 recovery codes and 1 passkey, and logged them out everywhere. " +
        "They can now sign in with their password and set it up again.",
    });
    expect(await db.totpSecret.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.recoveryCode.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.passkey.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.session.count({ where: { userId: user.id, isActive: true } })).toBe(0);
    expect(await db.apiKey.count({ where: { userId: user.id, isActive: true } })).toBe(1);
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: "admin.two_factor_reset", subjectId: user.id },
    });
    expect(audit.actorId).toBe(TEST_ADMIN.id);
    expect(audit.details).toEqual({ authenticator: "removed", recoveryCodes: "10", passkeys: "1" });

    // A ticket from before the reset is void; the password alone now signs in.
    await expect(authorizeCredentials({ ticket: pendingTicket, code: "000000" }, headers())).rejects.toBeInstanceOf(
      LoginTicketExpired,
    );
    const signedIn = await authorizeCredentials({ login: name, password: PASSWORD }, headers());
    expect(signedIn.id).toBe(user.id);
  });

  it("refuses the admin's own account and an account that is gone, changing nothing", async () => {
    const { user } = await personWithTwoFactor();
    expect(await resetTwoFactorLoginAction(null, form({ userId: TEST_ADMIN.id }))).toMatchObject({
      ok: false,
      error: "You cannot do that to your own account.",
    });
    expect(await resetTwoFactorLoginAction(null, form({ userId: randomUUID() }))).toMatchObject({
      ok: false,
      error: "That account no longer exists.",
    });
    expect(await resetTwoFactorLoginAction(null, form({ userId: "not-an-id" }))).toMatchObject({ ok: false });
    expect(await db.totpSecret.count({ where: { userId: user.id } })).toBe(1);
    expect(await db.session.count({ where: { userId: user.id, isActive: true } })).toBe(1);
  });
});
