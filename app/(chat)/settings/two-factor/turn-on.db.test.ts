import { randomUUID } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import { describe, expect, it, vi } from "vitest";

// Turning two-factor login on, through the real server action and database: a stolen session cookie alone must
// not bind the thief's authenticator to the account (which would lock the owner out of the next login).

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
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-forwarded-for": "10.66.0.1" }) }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const { turnOnTwoFactorAction } = await import("./actions");
const { beginTotpSetup } = await import("@/lib/auth/two-factor");
const { isTwoFactorEnabled } = await import("@/lib/db/two-factor");
const { createUser } = await import("@/lib/db/users");
const { hashPassword } = await import("@/lib/auth/password");

const PASSWORD = "the owner's password 1";

function form(fields: Record<string, string>) {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
}

describe("turning two-factor login on", () => {
  it("asks for the password: a cookie and the thief's own authenticator code are not enough", async () => {
    const name = `tfon-${randomUUID().slice(0, 8)}`;
    const user = await createUser({
      email: `${name}@example.test`,
      username: name,
      passwordHash: await hashPassword(PASSWORD),
    });
    signedIn.user = {
      id: user.id,
      email: user.email,
      username: user.username,
      isSuperuser: user.isSuperuser,
      isEmailVerified: false,
      mustSetUpTwoFactor: false,
      sessionId: randomUUID(),
    };
    const setup = await beginTotpSetup(user);
    if (!setup) throw new Error("set-up refused");
    const code = () => new TOTP({ secret: Secret.fromBase32(setup.secret) }).generate();

    const noPassword = await turnOnTwoFactorAction(null, form({ code: code() }));
    expect(noPassword).toMatchObject({ ok: false, fields: { password: "Enter your password." } });
    const wrong = await turnOnTwoFactorAction(null, form({ code: code(), password: "not the password" }));
    expect(wrong).toMatchObject({ ok: false, fields: { password: "That password is not correct." } });
    expect(await isTwoFactorEnabled(user.id)).toBe(false);

    const right = await turnOnTwoFactorAction(null, form({ code: code(), password: PASSWORD }));
    expect(right).toMatchObject({ ok: true });
    expect(await isTwoFactorEnabled(user.id)).toBe(true);
  });
});
