import { randomUUID } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { actionWith } from "../action";
import { db } from "../db/client";
import { consumeChallenge, saveChallenge } from "../db/passkeys";
import { createUser } from "../db/users";
import { errorResponse } from "../http";
import { type CurrentUser, checkRequiredUser, type RequireUserOptions } from "./current-user";
import { parseCredentialJson, relyingParty, verifyPasskeyLogin } from "./passkeys";
import { hashPassword } from "./password";
import { changePassword } from "./revocation";
import { exchangePassword } from "./token-endpoint";
import { beginTotpSetup, confirmTotpSetup } from "./two-factor";
import { mustSetUpTwoFactor, setTwoFactorRequirement } from "./two-factor-policy";

const PASSWORD = "policy password 1";

async function newUser(isSuperuser: boolean) {
  const name = `pol-${randomUUID().slice(0, 10)}`;
  const user = await createUser({
    email: `${name}@example.test`,
    username: name,
    passwordHash: await hashPassword(PASSWORD),
  });
  await db.user.update({ where: { id: user.id }, data: { isSuperuser } });
  return { ...user, isSuperuser, login: name };
}

afterEach(async () => {
  await setTwoFactorRequirement("off");
});

describe("an administrator's two-factor requirement", () => {
  it("applies to admins only, or to everyone, until they turn 2FA on", async () => {
    const admin = await newUser(true);
    const member = await newUser(false);
    expect(await mustSetUpTwoFactor(admin)).toBe(false);
    await setTwoFactorRequirement("admins");
    expect(await mustSetUpTwoFactor(admin)).toBe(true);
    expect(await mustSetUpTwoFactor(member)).toBe(false);
    await setTwoFactorRequirement("everyone");
    expect(await mustSetUpTwoFactor(member)).toBe(true);
    const setup = await beginTotpSetup(member);
    const code = new TOTP({ secret: Secret.fromBase32(setup?.secret ?? "") }).generate();
    expect((await confirmTotpSetup({ userId: member.id, code, ip: "10.99.0.1" })).ok).toBe(true);
    expect(await mustSetUpTwoFactor(member)).toBe(false);
  });

  it("server actions refuse such a user, except the two-factor set-up's own", async () => {
    const admin = await newUser(true);
    await setTwoFactorRequirement("admins");
    const current: CurrentUser = {
      ...admin,
      isEmailVerified: true,
      sessionId: "s",
      mustSetUpTwoFactor: await mustSetUpTwoFactor(admin),
    };
    // The real requireUser's rule, with the session lookup replaced.
    const session = {
      requireUser: async (options?: RequireUserOptions) => checkRequiredUser(current, options),
      requireSuperuser: async () => current,
    };
    const ordinary = actionWith(session, { name: "test.ordinary", input: z.object({}) }, async () => "ran");
    const setup = actionWith(
      session,
      { name: "test.setup", input: z.object({}), access: "two_factor_setup" },
      async () => "ran",
    );
    expect(await ordinary({})).toMatchObject({ ok: false, error: expect.stringContaining("two-factor") });
    expect(await setup({})).toEqual({ ok: true, data: "ran" });
  });

  it("the token endpoint gives such a user no tokens", async () => {
    const admin = await newUser(true);
    await setTwoFactorRequirement("admins");
    const request = new Request("http://parley.test/api/v1/auth/token", {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": "10.99.0.2" },
      body: JSON.stringify({ login: admin.login, password: PASSWORD }),
    });
    const response = errorResponse(await exchangePassword(request).catch((e) => e));
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe("forbidden:two_factor_setup");
  });
});

describe("passkey challenges", () => {
  it("live in the database and work once, for their purpose only", async () => {
    const challenge = `c-${randomUUID()}`;
    await saveChallenge({ userId: null, purpose: "login", challenge, ttlMs: 60_000 });
    expect(await consumeChallenge({ challenge, purpose: "register", userId: null })).toBe(false);
    expect(await consumeChallenge({ challenge, purpose: "login", userId: null })).toBe(true);
    expect(await consumeChallenge({ challenge, purpose: "login", userId: null })).toBe(false);
    const expired = `c-${randomUUID()}`;
    await saveChallenge({ userId: null, purpose: "login", challenge: expired, ttlMs: -1 });
    expect(await consumeChallenge({ challenge: expired, purpose: "login", userId: null })).toBe(false);
  });

  it("refuse unreadable answers and unknown credentials without signing anyone in", async () => {
    expect(parseCredentialJson("{not json")).toBeNull();
    expect(parseCredentialJson(JSON.stringify({ id: "x" }))).toBeNull();
    const unknown = JSON.stringify({
      id: "AAAA",
      rawId: "AAAA",
      type: "public-key",
      response: { clientDataJSON: "e30", authenticatorData: "AA", signature: "AA" },
      clientExtensionResults: {},
    });
    expect(await verifyPasskeyLogin({ credentialJson: unknown, requestOrigin: null })).toBeNull();
  });

  it("are bound to APP_URL's host, or to localhost, never to a look-alike origin", () => {
    expect(relyingParty("http://localhost:3203")).toEqual({ origin: "http://localhost:3203", rpID: "localhost" });
    expect(relyingParty("https://evil.example").rpID).not.toBe("evil.example");
  });
});

describe("a password reset", () => {
  it("removes every passkey, as it revokes every API key: recovering an account recovers it", async () => {
    const user = await newUser(false);
    await db.passkey.create({
      data: {
        userId: user.id,
        name: "Left by someone else",
        credentialId: `cred-${randomUUID()}`,
        publicKey: Buffer.from([1]),
      },
    });
    await changePassword({ userId: user.id, newPassword: "a fresh password 9", revokeApiKeys: true });
    expect(await db.passkey.count({ where: { userId: user.id } })).toBe(0);
  });
});
