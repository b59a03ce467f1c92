import { describe, expect, it } from "vitest";
import { AdminSearchSchema, RoleSchema } from "./admin-schemas";
import { describeDevice } from "./device";
import { SignupSchema, safeCallbackUrl } from "./schemas";
import { ApiKeyCreateSchema, ProfileSchema } from "./settings-schemas";

describe("auth input schemas", () => {
  it("follows only same-site callback URLs", () => {
    expect(safeCallbackUrl("/settings/sessions?x=1")).toBe("/settings/sessions?x=1");
    for (const hostile of ["https://evil.test", "//evil.test", "/\\evil.test", "javascript:alert(1)", 42, undefined]) {
      expect(safeCallbackUrl(hostile)).toBe("/");
    }
  });

  it("accepts long passphrases and refuses short, oversized and common passwords", () => {
    const base = { email: "a@example.test", username: "alice" };
    expect(SignupSchema.safeParse({ ...base, password: "x".repeat(128) }).success).toBe(true);
    expect(SignupSchema.safeParse({ ...base, password: "short" }).success).toBe(false);
    expect(SignupSchema.safeParse({ ...base, password: "x".repeat(257) }).success).toBe(false);
    expect(SignupSchema.safeParse({ ...base, password: "password123" }).success).toBe(false);
    expect(SignupSchema.safeParse({ ...base, email: "not-an-email", password: "fine passphrase" }).success).toBe(false);
  });

  it("validates API key requests: known scopes, at least one, preset expiries", () => {
    expect(ApiKeyCreateSchema.parse({ name: " CLI ", scopes: ["profile:read"], currentPassword: "pw" })).toEqual({
      name: "CLI",
      scopes: ["profile:read"],
      expiresInDays: "",
      currentPassword: "pw",
    });
    expect(ApiKeyCreateSchema.safeParse({ name: "CLI", scopes: ["profile:read"] }).success).toBe(false);
    expect(ApiKeyCreateSchema.safeParse({ name: "x", scopes: [], currentPassword: "pw" }).success).toBe(false);
    expect(ApiKeyCreateSchema.safeParse({ name: "x", scopes: ["admin:all"], currentPassword: "pw" }).success).toBe(
      false,
    );
    expect(
      ApiKeyCreateSchema.safeParse({
        name: "x",
        scopes: ["profile:read"],
        expiresInDays: "9999",
        currentPassword: "pw",
      }).success,
    ).toBe(false);
  });

  it("turns blank profile fields into nulls and caps their length", () => {
    const parsed = ProfileSchema.parse({ fullName: "  ", bio: "", username: "alice", email: "A@example.test" });
    expect(parsed).toMatchObject({ fullName: null, bio: null });
    expect(
      ProfileSchema.safeParse({ fullName: "x".repeat(101), bio: "", username: "alice", email: "a@b.co" }).success,
    ).toBe(false);
  });

  it("clamps admin search params and validates role names", () => {
    expect(AdminSearchSchema.parse({ page: "-3", q: "x".repeat(500) })).toEqual({ page: 1, q: undefined });
    expect(AdminSearchSchema.parse({ page: "2", q: " ada " })).toEqual({ page: 2, q: "ada" });
    expect(RoleSchema.safeParse({ name: "Mod Team", description: "" }).success).toBe(false);
    expect(RoleSchema.parse({ name: "mod-team", description: "" })).toEqual({ name: "mod-team", description: null });
  });

  it("describes devices from user agents", () => {
    expect(
      describeDevice(
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36",
      ),
    ).toBe("Chrome 156 on Linux");
    expect(describeDevice("Mozilla/5.0 (Windows NT 10.0; rv:140.0) Gecko/20100101 Firefox/140.0")).toBe(
      "Firefox 140 on Windows",
    );
    expect(
      describeDevice(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1",
      ),
    ).toBe("Safari 18 on iOS");
    expect(describeDevice("curl/8.5.0")).toBe("curl 8");
    expect(describeDevice(null)).toBe("Unknown device");
  });
});
