import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../db/client";
import { createUser } from "../db/users";
import { errorResponse } from "../http";
import { authorizeCredentials } from "./authorize";
import { requestPasswordReset } from "./email-flows";
import { InvalidLogin } from "./login-errors";
import { hashPassword } from "./password";
import { registerUser } from "./signup";
import { saveSignupSettings } from "./signup-settings";
import { exchangePassword } from "./token-endpoint";

// Admin → Sign-up → "Hide password login" with a provider configured: the provider is the only way in for
// everyone but administrators, whatever is posted to the login action or the token endpoint.

process.env.AUTH_SECRET = "test-secret-for-local-sign-in-0123456789";
const PASSWORD = "correct horse battery";
let ipCounter = 0;
let adminLogin: string;
let memberLogin: string;

const headers = () => new Headers({ "x-forwarded-for": `203.0.113.${(++ipCounter % 250) + 1}` });
const tokenRequest = (login: string, password = PASSWORD) =>
  new Request("http://parley.test/api/v1/auth/token", {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": `198.51.100.${(++ipCounter % 250) + 1}` },
    body: JSON.stringify({ login, password }),
  });

function configureProvider(on: boolean) {
  if (on) {
    process.env.AUTH_OIDC_ISSUER = "https://sso.example.com/realms/company";
    process.env.AUTH_OIDC_ID = "parley";
    process.env.AUTH_OIDC_SECRET = "client-secret";
    process.env.AUTH_OIDC_NAME = "Company SSO";
  } else {
    for (const name of ["ISSUER", "ID", "SECRET", "NAME"]) delete process.env[`AUTH_OIDC_${name}`];
  }
}

async function hidePasswordLogin(hide: boolean) {
  await saveSignupSettings({ mode: "open", allowedDomains: [], requireApproval: false, hidePasswordLogin: hide });
}

beforeAll(async () => {
  // The first account is the administrator.
  const admin = await createUser({
    email: "admin@corp.example",
    username: "admin",
    passwordHash: await hashPassword(PASSWORD),
  });
  const member = await createUser({
    email: "member@corp.example",
    username: "member",
    passwordHash: await hashPassword(PASSWORD),
  });
  expect(admin.isSuperuser && !member.isSuperuser).toBe(true);
  adminLogin = admin.username;
  memberLogin = member.username;
});

beforeEach(async () => {
  configureProvider(true);
  await hidePasswordLogin(true);
});

afterEach(() => configureProvider(false));

describe("password login hidden by the admin", () => {
  it("refuses a member's right password at the login action: no session, an audit entry naming why", async () => {
    const before = await db.session.count();
    await expect(authorizeCredentials({ login: memberLogin, password: PASSWORD }, headers())).rejects.toBeInstanceOf(
      InvalidLogin,
    );
    expect(await db.session.count()).toBe(before);
    const audit = await db.auditEvent.findFirst({
      where: { action: "auth.login_failed" },
      orderBy: { createdAt: "desc" },
    });
    expect(audit?.details).toMatchObject({ method: "password", reason: "sso_only" });
  });

  it("refuses a member's right password at the token endpoint, in the words of a wrong one", async () => {
    const right = errorResponse(await exchangePassword(tokenRequest(memberLogin)).catch((e) => e));
    const wrong = errorResponse(await exchangePassword(tokenRequest(memberLogin, "wrong password")).catch((e) => e));
    expect(right.status).toBe(401);
    const [rightBody, wrongBody] = [await right.json(), await wrong.json()];
    expect(rightBody).toEqual(wrongBody);
    expect(rightBody.error.message).toContain("use an API key");
  });

  it("sends a member no reset link (it would set an unusable password and disconnect the provider)", async () => {
    await requestPasswordReset({ email: "member@corp.example", origin: "http://parley.test", ip: "192.0.2.1" });
    await requestPasswordReset({ email: "admin@corp.example", origin: "http://parley.test", ip: "192.0.2.1" });
    const links = await db.emailToken.findMany({ where: { purpose: "reset-password" }, include: { user: true } });
    expect(links.map((l) => l.user.username)).toEqual([adminLogin]);
  });

  it("refuses a password sign-up (the account could not sign in), naming the provider", async () => {
    const signup = registerUser({
      email: "newcomer@corp.example",
      username: "newcomer",
      password: PASSWORD,
      ip: "192.0.2.9",
      inviteToken: null,
    });
    await expect(signup).rejects.toMatchObject({ code: "forbidden:sso_only" });
    await expect(signup).rejects.toThrow(/Sign in with Company SSO/);
    expect(await db.user.count({ where: { username: "newcomer" } })).toBe(0);
  });

  it("keeps an administrator's password working (break-glass), on the form and the token endpoint", async () => {
    const session = await authorizeCredentials({ login: adminLogin, password: PASSWORD }, headers());
    expect(session.sessionToken).toBeTruthy();
    expect(await exchangePassword(tokenRequest(adminLogin))).toMatchObject({ tokenType: "Bearer" });
  });

  it("changes nothing while no provider is configured (the switch would otherwise lock everyone out)", async () => {
    configureProvider(false);
    expect(
      (await authorizeCredentials({ login: memberLogin, password: PASSWORD }, headers())).sessionToken,
    ).toBeTruthy();
  });

  it("changes nothing when the switch is off", async () => {
    await hidePasswordLogin(false);
    expect(
      (await authorizeCredentials({ login: memberLogin, password: PASSWORD }, headers())).sessionToken,
    ).toBeTruthy();
    expect(await exchangePassword(tokenRequest(memberLogin))).toMatchObject({ tokenType: "Bearer" });
  });
});
