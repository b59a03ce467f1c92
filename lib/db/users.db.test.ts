import { describe, expect, it } from "vitest";
import { issueTokenPair, rotateRefreshToken, verifyAccessToken } from "../auth/access-tokens";
import { hashToken, randomToken } from "../crypto";
import { createApiKey, findUsableApiKey } from "./api-keys";
import { db } from "./client";
import { revokeCredentials } from "./credentials";
import { createEmailToken } from "./email-tokens";
import { createRole, deleteRole, grantRole, removeRole } from "./roles";
import { createSession, findValidSession, listActiveSessions } from "./sessions";
import { createUser, deleteUser, listUsers, setUserActive, upsertSuperuser } from "./users";

process.env.AUTH_SECRET = "test-secret-for-users-0123456789";

async function userWithEverything(name: string) {
  const { id } = await createUser({ email: `${name}@example.test`, username: name, passwordHash: "x" });
  const sessionToken = randomToken();
  await createSession({ userId: id, tokenHash: hashToken(sessionToken) });
  const { key } = await createApiKey({ userId: id, name: "k", scopes: ["profile:read"] });
  const user = await db.user.findUniqueOrThrow({ where: { id } });
  const pair = await issueTokenPair(user);
  await createEmailToken({ userId: id, purpose: "verify-email" });
  const conversation = await db.conversation.create({ data: { userId: id, title: "t" } });
  await db.message.create({
    data: {
      id: randomToken(8),
      conversationId: conversation.id,
      authorId: id,
      role: "user",
      content: "hi",
      parts: [],
      seq: 1,
    },
  });
  return { id, sessionToken, key, pair };
}

describe("accounts", () => {
  it("makes the first account the superuser and no other", async () => {
    const first = await createUser({ email: "first@example.test", username: "first", passwordHash: "x" });
    const second = await createUser({ email: "second@example.test", username: "second", passwordHash: "x" });
    expect(first.isSuperuser).toBe(true);
    expect(second.isSuperuser).toBe(false);
    await expect(
      createUser({ email: "FIRST@example.test", username: "other", passwordHash: "x" }),
    ).rejects.toMatchObject({
      status: 409,
    });
  });

  it("deactivation stops sessions, API keys, access and refresh tokens on the next request", async () => {
    const u = await userWithEverything("deactivated");
    expect(await findValidSession(hashToken(u.sessionToken))).not.toBeNull();
    expect(await findUsableApiKey(u.key)).not.toBeNull();
    expect(await verifyAccessToken(u.pair.accessToken)).toBe(u.id);

    await setUserActive({ userId: u.id, isActive: false });
    expect(await findValidSession(hashToken(u.sessionToken))).toBeNull();
    expect(await findUsableApiKey(u.key)).toBeNull();
    expect(await verifyAccessToken(u.pair.accessToken)).toBeNull();
    await expect(rotateRefreshToken(u.pair.refreshToken)).rejects.toMatchObject({ status: 401 });
  });

  it("deleting a user cascades to everything they own", async () => {
    const u = await userWithEverything("deleted");
    const bystander = await userWithEverything("bystander");
    expect(await deleteUser(u.id)).toBe(true);
    const counts = await Promise.all([
      db.session.count({ where: { userId: u.id } }),
      db.apiKey.count({ where: { userId: u.id } }),
      db.refreshToken.count({ where: { userId: u.id } }),
      db.emailToken.count({ where: { userId: u.id } }),
      db.conversation.count({ where: { userId: u.id } }),
      db.message.count({ where: { authorId: u.id } }),
    ]);
    expect(counts).toEqual([0, 0, 0, 0, 0, 0]);
    expect(await findUsableApiKey(u.key)).toBeNull();
    expect(await findUsableApiKey(bystander.key)).not.toBeNull();
    expect(await deleteUser(u.id)).toBe(false);
  });

  it("hashes are never the secrets: sessions, API keys, refresh and email tokens", async () => {
    const u = await userWithEverything("hashes");
    const secrets = [u.sessionToken, u.key, u.pair.refreshToken];
    const stored = [
      ...(await db.session.findMany({ where: { userId: u.id } })).map((r) => r.tokenHash),
      ...(await db.apiKey.findMany({ where: { userId: u.id } })).flatMap((r) => [r.keyHash, r.keyPrefix]),
      ...(await db.refreshToken.findMany({ where: { userId: u.id } })).map((r) => r.tokenHash),
      ...(await db.emailToken.findMany({ where: { userId: u.id } })).map((r) => r.tokenHash),
    ];
    for (const secret of secrets) for (const value of stored) expect(value.includes(secret)).toBe(false);
    const key = await db.apiKey.findFirstOrThrow({ where: { userId: u.id } });
    expect(key.keyHash).toBe(hashToken(u.key));
    expect(u.key.startsWith(key.keyPrefix)).toBe(true);
    expect(key.keyPrefix.length).toBeLessThan(16);
  });

  it("revoking other sessions keeps the current one", async () => {
    const { id } = await createUser({ email: "keep@example.test", username: "keep", passwordHash: "x" });
    const keep = await createSession({ userId: id, tokenHash: "keep-1" });
    await createSession({ userId: id, tokenHash: "keep-2" });
    await revokeCredentials({ userId: id, exceptSessionId: keep.id });
    expect((await listActiveSessions(id)).map((s) => s.id)).toEqual([keep.id]);
  });

  it("lists and searches users with pagination", async () => {
    for (let i = 0; i < 22; i++) {
      await createUser({ email: `page${i}@example.test`, username: `Pager${i}`, passwordHash: "x" });
    }
    const page1 = await listUsers({ query: "pager", page: 1 });
    const page2 = await listUsers({ query: "PAGER", page: 2 });
    expect(page1.total).toBe(22);
    expect(page1.pages).toBe(2);
    expect(page1.users).toHaveLength(20);
    expect(page2.users).toHaveLength(2);
    expect((await listUsers({ query: "page5@", page: 1 })).users.map((u) => u.username)).toEqual(["Pager5"]);
  });

  it("admin:create promotes an existing account or creates a superuser", async () => {
    const plain = await createUser({ email: "promote@example.test", username: "promote", passwordHash: "x" });
    expect(plain.isSuperuser).toBe(false);
    const promoted = await upsertSuperuser({ email: "PROMOTE@example.test", username: "whatever", passwordHash: "y" });
    expect(promoted).toMatchObject({ created: false, user: { id: plain.id, isSuperuser: true } });
    const created = await upsertSuperuser({ email: "root@example.test", username: "root", passwordHash: "y" });
    expect(created).toMatchObject({ created: true, user: { isSuperuser: true } });
  });

  it("grants and removes roles; deleting a role removes its grants", async () => {
    const { id } = await createUser({ email: "roles@example.test", username: "roles", passwordHash: "x" });
    const role = await createRole({ name: "moderator", description: "Moderates" });
    await expect(createRole({ name: "moderator", description: null })).rejects.toMatchObject({ status: 409 });
    await grantRole({ userId: id, roleId: role.id });
    await grantRole({ userId: id, roleId: role.id });
    expect(await db.userRole.count({ where: { userId: id } })).toBe(1);
    expect(await removeRole({ userId: id, roleId: role.id })).toBe(true);
    await grantRole({ userId: id, roleId: role.id });
    expect(await deleteRole(role.id)).toBe(true);
    expect(await db.userRole.count({ where: { userId: id } })).toBe(0);
    await expect(grantRole({ userId: id, roleId: role.id })).rejects.toMatchObject({ status: 404 });
  });
});
