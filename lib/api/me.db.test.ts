import { expect, test } from "vitest";
import { apiUser, call, keyFor } from "@/test/api";

test("GET /me returns the caller and the key's scopes", async () => {
  const alice = await apiUser(["profile:read", "messages:read"]);
  const response = await call("GET", "/me", { key: alice.key });
  expect(response.status).toBe(200);
  expect(response.json).toMatchObject({
    object: "user",
    id: alice.id,
    email_verified: false,
    auth: { via: "api_key", scopes: ["messages:read", "profile:read"] },
  });
  expect(response.json).not.toHaveProperty("passwordHash");
  expect(response.json).not.toHaveProperty("password_hash");
});

test("GET /me needs profile:read", async () => {
  const alice = await apiUser(["conversations:read"]);
  const response = await call("GET", "/me", { key: await keyFor(alice.id, ["conversations:read"]) });
  expect(response.status).toBe(403);
});

test("an access token from the token endpoint's issuer works, with every scope", async () => {
  const { issueTokenPair } = await import("@/lib/auth/access-tokens");
  const { SCOPES } = await import("@/lib/auth/scopes");
  const { db } = await import("@/lib/db/client");
  const alice = await apiUser([]);
  const user = await db.user.findUniqueOrThrow({ where: { id: alice.id } });
  const { accessToken } = await issueTokenPair(user);
  const response = await call("GET", "/me", { key: accessToken });
  expect(response.status).toBe(200);
  expect(response.json.auth.via).toBe("access_token");
  expect([...response.json.auth.scopes].sort()).toEqual([...SCOPES].sort());
  await db.user.update({ where: { id: alice.id }, data: { sessionVersion: { increment: 1 } } });
  expect((await call("GET", "/me", { key: accessToken })).status).toBe(401);
});
