import { describe, expect, it } from "vitest";
import { createUser } from "../db/users";
import { errorResponse } from "../http";
import { LIMITS } from "./limits";
import { hashPassword } from "./password";
import { exchangePassword, exchangeRefreshToken } from "./token-endpoint";

process.env.AUTH_SECRET = "test-secret-for-token-endpoint-0123456789";

const post = (body: unknown, ip: string) =>
  new Request("http://parley.test/api/v1/auth/token", {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": ip },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

describe("token endpoint", () => {
  it("exchanges a login and password for a pair, and a refresh token for a rotated pair", async () => {
    await createUser({
      email: "api@example.test",
      username: "api",
      passwordHash: await hashPassword("api password 1"),
    });
    const pair = await exchangePassword(post({ login: "API@example.test", password: "api password 1" }, "10.0.0.1"));
    expect(pair).toMatchObject({ tokenType: "Bearer", expiresIn: 900 });
    const rotated = await exchangeRefreshToken(post({ refreshToken: pair.refreshToken }, "10.0.0.1"));
    expect(rotated.refreshToken).not.toBe(pair.refreshToken);
  });

  it("answers a wrong password with 401 and the generic message", async () => {
    const error = await exchangePassword(post({ login: "api", password: "wrong" }, "10.0.0.2")).catch((e) => e);
    const response = errorResponse(error);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: { code: "unauthorized:credentials", message: "Wrong email, username or password." },
    });
  });

  it("refuses oversized and malformed bodies", async () => {
    await expect(exchangePassword(post({ login: "x".repeat(5000), password: "y" }, "10.0.0.3"))).rejects.toMatchObject({
      status: 413,
    });
    await expect(exchangePassword(post("{nope", "10.0.0.3"))).rejects.toMatchObject({ status: 400 });
    await expect(exchangeRefreshToken(post({}, "10.0.0.3"))).rejects.toMatchObject({ status: 422 });
  });

  it(`allows ${LIMITS.tokenRequestsPerIp.limit} requests per IP per minute, then 429 with Retry-After`, async () => {
    const ip = "10.0.0.4";
    for (let i = 0; i < LIMITS.tokenRequestsPerIp.limit; i++) {
      await expect(exchangeRefreshToken(post({}, ip))).rejects.toMatchObject({ status: 422 });
    }
    const error = await exchangeRefreshToken(post({}, ip)).catch((e) => e);
    const response = errorResponse(error);
    expect(response.status).toBe(429);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    await expect(exchangeRefreshToken(post({}, "10.0.0.5"))).rejects.toMatchObject({ status: 422 });
  }, 60_000);
});
