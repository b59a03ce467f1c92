import { describe, expect, it, vi } from "vitest";

// The admin's sign-up and role forms as the browser sends them (unticked checkboxes and unchosen radios are
// absent), through the real action wrappers and database.

vi.mock("@/lib/auth/current-user", () => {
  const admin = {
    id: "3f1d1c1e-0000-4000-8000-000000000001",
    email: "admin@example.test",
    username: "admin",
    isSuperuser: true,
    isEmailVerified: true,
    sessionId: "3f1d1c1e-0000-4000-8000-000000000002",
  };
  return { getCurrentUser: async () => admin, requireUser: async () => admin, requireSuperuser: async () => admin };
});
vi.mock("next/headers", () => ({ headers: async () => new Headers() }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const { createInviteAction, saveSignupSettingsAction } = await import("./signup/actions");
const { saveRolePermissions } = await import("./actions");
const { getSignupSettings } = await import("@/lib/db/settings");
const { getDefaultRole, getRoleWithPermissions } = await import("@/lib/db/roles");
const { db } = await import("@/lib/db/client");

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
    });
    expect(await db.auditEvent.count({ where: { action: "admin.signup_settings_changed" } })).toBe(1);
    await saveSignupSettingsAction(null, form({ mode: "open", allowedDomains: "", requireApproval: "on" }));
    expect(await getSignupSettings()).toMatchObject({ mode: "open", requireApproval: true });
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
    const result = await saveRolePermissions(
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
    await saveRolePermissions(null, form({ roleId: role.id, allModels: "on", canCreateApiKeys: "on" }));
    expect(await getRoleWithPermissions(role.id)).toMatchObject({ allowedModels: null, tokensPerDay: null });
  });

  it("refuses no model at all, and a limit that is not a whole number", async () => {
    const role = await getDefaultRole();
    expect(await saveRolePermissions(null, form({ roleId: role.id }))).toMatchObject({
      ok: false,
      fields: { allowedModels: "Choose at least one model, or allow all models." },
    });
    expect(
      await saveRolePermissions(null, form({ roleId: role.id, allModels: "on", tokensPerDay: "1.5" })),
    ).toMatchObject({ ok: false, fields: { tokensPerDay: "Enter a whole number, or leave it empty." } });
  });
});
