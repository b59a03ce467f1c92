import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "./client";

async function userWithEverything(tag: string) {
  const user = await db.user.create({
    data: { email: `${tag}@x.test`, username: tag, passwordHash: "hash" },
  });
  const role = await db.role.create({ data: { name: `role-${tag}`, description: "test role" } });
  await db.userRole.create({ data: { userId: user.id, roleId: role.id } });
  const future = new Date(Date.now() + 60_000);
  await db.emailToken.create({
    data: { userId: user.id, purpose: "verify-email", tokenHash: `e-${tag}`, expiresAt: future },
  });
  await db.session.create({ data: { userId: user.id, tokenHash: `s-${tag}`, expiresAt: future } });
  await db.refreshToken.create({
    data: { userId: user.id, tokenHash: `r-${tag}`, familyId: randomUUID(), expiresAt: future },
  });
  await db.apiKey.create({ data: { userId: user.id, name: "k", keyHash: `k-${tag}`, keyPrefix: "pk_x", scopes: [] } });
  const conversation = await db.conversation.create({ data: { userId: user.id, title: "hello" } });
  const question = await db.message.create({
    data: {
      id: randomUUID(),
      conversationId: conversation.id,
      authorId: user.id,
      role: "user",
      content: "hi",
      parts: [],
      seq: 1,
    },
  });
  await db.message.create({
    data: {
      id: randomUUID(),
      conversationId: conversation.id,
      role: "assistant",
      content: "hello",
      parts: [],
      seq: 2,
      parentId: question.id,
    },
  });
  return { user, role };
}

describe("deleting a user", () => {
  it("removes everything they own and nothing of anyone else's", async () => {
    const tag = `c${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const { user, role } = await userWithEverything(`${tag}a`);
    const { user: other } = await userWithEverything(`${tag}b`);
    const thread = randomUUID();
    await db.directMessage.create({
      data: { senderId: user.id, recipientId: other.id, content: "hey", threadId: thread },
    });
    await db.directMessage.create({
      data: { senderId: other.id, recipientId: user.id, content: "hi", threadId: thread },
    });
    const otherBefore = await countsFor(other.id);

    await db.user.delete({ where: { id: user.id } });

    expect(await countsFor(user.id)).toEqual({
      roles: 0,
      emailTokens: 0,
      sessions: 0,
      refreshTokens: 0,
      apiKeys: 0,
      conversations: 0,
      messages: 0,
      directMessages: 0,
    });
    // The other person's data is untouched, including the direct messages they exchanged with the deleted user.
    expect(await countsFor(other.id)).toEqual(otherBefore);
    expect(otherBefore.directMessages).toBe(2);
    // Roles themselves are shared definitions and stay.
    expect(await db.role.count({ where: { id: role.id } })).toBe(1);
  });
});

async function countsFor(userId: string) {
  const conversations = await db.conversation.findMany({ where: { userId }, select: { id: true } });
  return {
    roles: await db.userRole.count({ where: { userId } }),
    emailTokens: await db.emailToken.count({ where: { userId } }),
    sessions: await db.session.count({ where: { userId } }),
    refreshTokens: await db.refreshToken.count({ where: { userId } }),
    apiKeys: await db.apiKey.count({ where: { userId } }),
    conversations: conversations.length,
    messages: await db.message.count({ where: { conversationId: { in: conversations.map((c) => c.id) } } }),
    directMessages: await db.directMessage.count({ where: { OR: [{ senderId: userId }, { recipientId: userId }] } }),
  };
}
