import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { createTestUser } from "@/test/factories";
import { hashToken } from "../crypto";
import { db } from "../db/client";
import { createSession, revokeSession } from "../db/sessions";
import { getRequestUser } from "./request-user";
import { setTwoFactorRequirement } from "./two-factor-policy";

// Review of `hot`: the synchronous decoder behind getRequestUser, end to end.
const SECRET = process.env.AUTH_SECRET as string;
const request = (cookie: string) => new Request("http://localhost/api/chat", { method: "POST", headers: { cookie } });

async function signedIn(sessionToken: string) {
  const user = await createTestUser("rv");
  const session = await createSession({ userId: user.id, tokenHash: hashToken(sessionToken) });
  return { user, session };
}

describe("getRequestUser with the fast decoder", () => {
  it("chunked cookies (.0/.1) are joined as Auth.js joins them", async () => {
    const { user } = await signedIn("tok-chunk");
    const name = "authjs.session-token";
    const value = await encode({
      token: { sub: user.id, sessionToken: "tok-chunk", pad: "x".repeat(5000) },
      secret: SECRET,
      salt: name,
    });
    const half = Math.floor(value.length / 2);
    const cookie = `${name}.0=${value.slice(0, half)}; ${name}.1=${value.slice(half)}`;
    expect(await getRequestUser(request(cookie))).toMatchObject({ id: user.id });
    // A chunk swapped or missing: nobody.
    expect(
      await getRequestUser(request(`${name}.0=${value.slice(half)}; ${name}.1=${value.slice(0, half)}`)),
    ).toBeNull();
    expect(await getRequestUser(request(`${name}.0=${value.slice(0, half)}`))).toBeNull();
  });

  it("a __Secure- cookie holding a token made for the plain name (other salt) is refused", async () => {
    const { user } = await signedIn("tok-salt");
    const plain = await encode({
      token: { sub: user.id, sessionToken: "tok-salt" },
      secret: SECRET,
      salt: "authjs.session-token",
    });
    expect(await getRequestUser(request(`__Secure-authjs.session-token=${plain}`))).toBeNull();
  });

  it("revocation, deactivation and the 2FA rule take effect on the very next request", async () => {
    const { user, session } = await signedIn("tok-rev");
    const name = "authjs.session-token";
    const cookie = `${name}=${await encode({ token: { sub: user.id, sessionToken: "tok-rev" }, secret: SECRET, salt: name })}`;
    expect(await getRequestUser(request(cookie))).toMatchObject({ id: user.id, mustSetUpTwoFactor: false });
    try {
      await setTwoFactorRequirement("everyone");
      expect(await getRequestUser(request(cookie))).toMatchObject({ mustSetUpTwoFactor: true });
    } finally {
      await setTwoFactorRequirement("off");
    }
    await db.user.update({ where: { id: user.id }, data: { isActive: false } });
    expect(await getRequestUser(request(cookie))).toBeNull();
    await db.user.update({ where: { id: user.id }, data: { isActive: true } });
    expect(await getRequestUser(request(cookie))).toMatchObject({ id: user.id });
    await revokeSession({ sessionId: session.id, userId: user.id });
    expect(await getRequestUser(request(cookie))).toBeNull();
  });

  it("garbage cookies never throw", async () => {
    for (const value of ["", "a.b.c", "a.b.c.d.e.f", "....", "%%%", "x".repeat(20_000), "e30..AAAA.AAAA.AAAA"]) {
      await expect(getRequestUser(request(`authjs.session-token=${value}`))).resolves.toBeNull();
    }
  });
});
