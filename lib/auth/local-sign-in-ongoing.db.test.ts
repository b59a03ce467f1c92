import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createUser } from "../db/users";
import { issueTokenPair, rotateRefreshToken } from "./access-tokens";
import { checkCredentials } from "./login";
import { hashPassword } from "./password";
import { saveSignupSettings } from "./signup-settings";

// "Hide password login" must end what the password already gave (refresh tokens of the password grant), and a
// right password it refuses must not reset the login throttle of the account it was guessed for.

process.env.AUTH_SECRET = "test-secret-for-local-sign-in-ongoing-0123";
const PASSWORD = "correct horse battery";

async function member() {
  // Created after an administrator exists (the first account is the administrator).
  await createUser({
    email: `admin-${randomUUID()}@corp.example`,
    username: `a${randomUUID().slice(0, 8)}`,
    passwordHash: "x",
  });
  const name = `m${randomUUID().slice(0, 8)}`;
  const user = await createUser({
    email: `${name}@corp.example`,
    username: name,
    passwordHash: await hashPassword(PASSWORD),
  });
  expect(user.isSuperuser).toBe(false);
  return user;
}

async function hidePasswordLogin(hide: boolean) {
  await saveSignupSettings({ mode: "open", allowedDomains: [], requireApproval: false, hidePasswordLogin: hide });
}

beforeAll(() => {
  process.env.AUTH_OIDC_ISSUER = "https://sso.example.com/realms/company";
  process.env.AUTH_OIDC_ID = "parley";
  process.env.AUTH_OIDC_SECRET = "client-secret";
  process.env.AUTH_OIDC_NAME = "Company SSO";
});
afterAll(async () => {
  await hidePasswordLogin(false);
  for (const name of ["ISSUER", "ID", "SECRET", "NAME"]) delete process.env[`AUTH_OIDC_${name}`];
});

it("a refresh token from the password grant stops working once password login is hidden", async () => {
  await hidePasswordLogin(false);
  const user = await member();
  const pair = await issueTokenPair({ id: user.id, sessionVersion: 0 });
  const rotated = await rotateRefreshToken(pair.refreshToken);
  await hidePasswordLogin(true);
  await expect(rotateRefreshToken(rotated.refreshToken)).rejects.toMatchObject({ code: "unauthorized:refresh_token" });
});

it("a right password refused by the policy does not reset the account's login throttle", async () => {
  await hidePasswordLogin(true);
  const user = await member();
  const ip = `198.51.100.${Math.floor(Math.random() * 200) + 20}`;
  for (let i = 0; i < 4; i++) {
    expect(await checkCredentials({ login: user.username, password: "wrong guess", ip })).toMatchObject({ ok: false });
  }
  // The fifth attempt guesses right, but the policy refuses it: still a failed attempt.
  expect((await checkCredentials({ login: user.username, password: PASSWORD, ip })).ok).toBe(false);
  // So the sixth waits (five are free), as after five wrong guesses.
  expect(await checkCredentials({ login: user.username, password: "wrong guess", ip })).toMatchObject({
    ok: false,
    reason: "rate_limited",
  });
});
