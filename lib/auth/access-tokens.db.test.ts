import { beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "../crypto";
import { db } from "../db/client";
import { revokeCredentials } from "../db/credentials";
import { createUser } from "../db/users";
import { issueTokenPair, rotateRefreshToken, verifyAccessToken } from "./access-tokens";

process.env.AUTH_SECRET = "test-secret-for-access-tokens-0123456789";

async function newUser(name: string) {
  const { id } = await createUser({ email: `${name}@example.test`, username: name, passwordHash: "x" });
  return db.user.findUniqueOrThrow({ where: { id } });
}

describe("access and refresh tokens", () => {
  let user: Awaited<ReturnType<typeof newUser>>;
  beforeAll(async () => {
    user = await newUser("tokens");
  });

  it("stores only the refresh token's hash", async () => {
    const pair = await issueTokenPair(user);
    const rows = await db.refreshToken.findMany({ where: { userId: user.id } });
    expect(rows.map((r) => r.tokenHash)).toContain(hashToken(pair.refreshToken));
    for (const row of rows) expect(row.tokenHash).not.toContain(pair.refreshToken.slice(3));
  });

  it("rotates: the new pair works and the old refresh token is spent", async () => {
    const first = await issueTokenPair(user);
    const second = await rotateRefreshToken(first.refreshToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(await verifyAccessToken(second.accessToken)).toBe(user.id);
    const third = await rotateRefreshToken(second.refreshToken);
    expect(await verifyAccessToken(third.accessToken)).toBe(user.id);
  });

  it("reusing a spent refresh token revokes the whole family", async () => {
    const first = await issueTokenPair(user);
    const second = await rotateRefreshToken(first.refreshToken);
    await expect(rotateRefreshToken(first.refreshToken)).rejects.toMatchObject({ status: 401 });
    await expect(rotateRefreshToken(second.refreshToken)).rejects.toMatchObject({ status: 401 });
    expect(await verifyAccessToken(second.accessToken)).toBeNull();
    expect(await verifyAccessToken(first.accessToken)).toBeNull();
  });

  it("of concurrent refreshes with one token, at most one succeeds", async () => {
    const pair = await issueTokenPair(user);
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => rotateRefreshToken(pair.refreshToken)));
    expect(results.filter((r) => r.status === "fulfilled").length).toBeLessThanOrEqual(1);
  });

  it("refuses tampered, foreign and expired tokens", async () => {
    const pair = await issueTokenPair(user);
    const [body, signature] = pair.accessToken.slice(3).split(".");
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body ?? "", "base64url").toString()), sub: "someone-else" }),
    ).toString("base64url");
    expect(await verifyAccessToken(`at_${forged}.${signature}`)).toBeNull();
    await expect(rotateRefreshToken("rt_not-a-real-token")).rejects.toMatchObject({ status: 401 });
    await expect(rotateRefreshToken("garbage")).rejects.toMatchObject({ status: 401 });
    await db.refreshToken.updateMany({
      where: { tokenHash: hashToken(pair.refreshToken) },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await expect(rotateRefreshToken(pair.refreshToken)).rejects.toMatchObject({ status: 401 });
  });

  it("revoking credentials (password change) kills access and refresh tokens", async () => {
    const other = await newUser("revoked");
    const pair = await issueTokenPair(other);
    await revokeCredentials({ userId: other.id });
    expect(await verifyAccessToken(pair.accessToken)).toBeNull();
    await expect(rotateRefreshToken(pair.refreshToken)).rejects.toMatchObject({ status: 401 });
  });
});
