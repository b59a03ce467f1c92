import { encode } from "next-auth/jwt";
import { describe, expect, it, vi } from "vitest";
import { createTestUser } from "@/test/factories";
import { hashToken } from "../crypto";
import { db } from "../db/client";
import { createSession, revokeSession } from "../db/sessions";
import { requireRequestUser } from "./current-user";
import { getRequestUser } from "./request-user";
import { mustSetUpTwoFactor, setTwoFactorRequirement } from "./two-factor-policy";

const SECRET = process.env.AUTH_SECRET as string;

async function cookieFor(claims: Record<string, unknown>, { secure = false, secret = SECRET } = {}) {
  const name = `${secure ? "__Secure-" : ""}authjs.session-token`;
  const value = await encode({ token: claims, secret, salt: name });
  return `theme=dark; ${name}=${value}`;
}

const request = (cookie?: string, extra: Record<string, string> = {}) =>
  new Request("http://localhost/api/chat", { method: "POST", headers: { ...(cookie ? { cookie } : {}), ...extra } });

async function signedIn(sessionToken: string) {
  const user = await createTestUser("cookie");
  const session = await createSession({ userId: user.id, tokenHash: hashToken(sessionToken) });
  return { user, session };
}

describe("getRequestUser (a route handler's session cookie, checked like the jwt callback)", () => {
  it("returns the user of a valid session cookie, plain or __Secure-", async () => {
    const { user, session } = await signedIn("tok-valid");
    for (const secure of [false, true]) {
      const found = await getRequestUser(
        request(await cookieFor({ sub: user.id, sessionToken: "tok-valid" }, { secure })),
      );
      expect(found).toEqual({
        id: user.id,
        email: user.email,
        username: user.username,
        isSuperuser: false,
        isEmailVerified: false,
        mustSetUpTwoFactor: false,
        sessionId: session.id,
      });
    }
  });

  it("refuses no cookie, a forged or foreign-secret cookie, a revoked session and another user's session", async () => {
    const { user, session } = await signedIn("tok-a");
    const other = await signedIn("tok-b");
    expect(await getRequestUser(request())).toBeNull();
    expect(await getRequestUser(request("authjs.session-token=not-a-jwe"))).toBeNull();
    const foreign = await cookieFor(
      { sub: user.id, sessionToken: "tok-a" },
      { secret: "another-secret-0123456789abcdef" },
    );
    expect(await getRequestUser(request(foreign))).toBeNull();
    // A valid cookie naming someone else's session (or no session token at all) is nobody.
    expect(await getRequestUser(request(await cookieFor({ sub: user.id, sessionToken: "tok-b" })))).toBeNull();
    expect(await getRequestUser(request(await cookieFor({ sub: user.id })))).toBeNull();
    expect(other.user.id).not.toBe(user.id);

    const cookie = await cookieFor({ sub: user.id, sessionToken: "tok-a" });
    expect(await getRequestUser(request(cookie))).not.toBeNull();
    await revokeSession({ userId: user.id, sessionId: session.id });
    expect(await getRequestUser(request(cookie))).toBeNull();
  });

  it("refuses a deactivated user on the next request, and ignores an Authorization header", async () => {
    const { user } = await signedIn("tok-c");
    const cookie = await cookieFor({ sub: user.id, sessionToken: "tok-c" });
    expect(await getRequestUser(request(cookie))).not.toBeNull();
    await db.user.update({ where: { id: user.id }, data: { isActive: false } });
    expect(await getRequestUser(request(cookie))).toBeNull();

    const { user: u2 } = await signedIn("tok-d");
    const asBearer = (await cookieFor({ sub: u2.id, sessionToken: "tok-d" })).split("=").slice(2).join("=");
    expect(await getRequestUser(request("authjs.session-token=", { authorization: `Bearer ${asBearer}` }))).toBeNull();
  });

  it("refuses a user whom an administrator requires to set up two-factor login first, like every other path", async () => {
    const { user } = await signedIn("tok-2fa");
    await db.user.update({ where: { id: user.id }, data: { isSuperuser: true } });
    const cookie = await cookieFor({ sub: user.id, sessionToken: "tok-2fa" });
    await setTwoFactorRequirement("admins");
    try {
      await expect(requireRequestUser(request(cookie))).rejects.toMatchObject({ code: "forbidden:two_factor_setup" });
    } finally {
      await setTwoFactorRequirement("off");
    }
    await expect(requireRequestUser(request(cookie))).resolves.toMatchObject({ id: user.id });
  });

  it("reads the requirement and the user's 2FA as they stand now, in the session lookup's one query", async () => {
    const { user } = await signedIn("tok-2fa-everyone");
    const cookie = await cookieFor({ sub: user.id, sessionToken: "tok-2fa-everyone" });
    const raw = vi.spyOn(db, "$queryRawUnsafe");
    const setting = vi.spyOn(db.setting, "findUnique");
    const totp = vi.spyOn(db.totpSecret, "findUnique");
    const lookUp = async () => {
      raw.mockClear();
      setting.mockClear();
      totp.mockClear();
      const found = await getRequestUser(request(cookie));
      expect(raw).toHaveBeenCalledTimes(1);
      expect(setting).not.toHaveBeenCalled();
      expect(totp).not.toHaveBeenCalled();
      return found?.mustSetUpTwoFactor;
    };
    try {
      await setTwoFactorRequirement("everyone");
      // The spies do see these queries (else the counts above would prove nothing).
      expect(await mustSetUpTwoFactor(user)).toBe(true);
      expect(setting).toHaveBeenCalled();
      expect(totp).toHaveBeenCalled();
      // Another instance changes the rule or the user's 2FA: the next request sees it (nothing cached here).
      expect(await lookUp()).toBe(true);
      await db.totpSecret.create({ data: { userId: user.id, secret: "sealed", enabledAt: new Date() } });
      expect(await lookUp()).toBe(false);
      await db.totpSecret.update({ where: { userId: user.id }, data: { enabledAt: null } });
      expect(await lookUp()).toBe(true);
      await setTwoFactorRequirement("admins");
      expect(await lookUp()).toBe(false);
    } finally {
      vi.restoreAllMocks();
      await setTwoFactorRequirement("off");
    }
  });
});
