// The raw-SQL lookups on the send path (one round trip each), against each dialect's real driver types.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { addMessage, createTestUser } from "@/test/factories";
import { hashToken } from "../crypto";
import { createApiKey, findUsableApiKey } from "./api-keys";
import { db } from "./client";
import { createConversation, moveConversationToTrash } from "./conversations";
import { currentLeafOf, getMessage, getThread, insertMessages } from "./messages";
import { createRole, getDefaultRole, getEffectiveRolePermissions, grantRole, updateRolePermissions } from "./roles";
import { createSession, findValidSession, SESSION_IDLE_MS } from "./sessions";
import { isUniqueViolation } from "./unique-violation";

describe("findValidSession (one joined lookup)", () => {
  it("returns the session and its user's fields with real types", async () => {
    const user = await createTestUser("sess");
    await db.user.update({ where: { id: user.id }, data: { isSuperuser: true, emailVerifiedAt: new Date() } });
    const created = await createSession({ userId: user.id, tokenHash: hashToken("s1") });
    const session = await findValidSession(hashToken("s1"));
    expect(session).toMatchObject({ id: created.id, userId: user.id, isActive: true });
    expect(session?.expiresAt).toBeInstanceOf(Date);
    expect(session?.expiresAt.getTime()).toBe(created.expiresAt.getTime());
    expect(session?.user).toMatchObject({ email: user.email, username: user.username, isSuperuser: true });
    expect(session?.user.emailVerifiedAt).toBeInstanceOf(Date);
  });

  it("refuses unknown, revoked, expired and idle sessions, and inactive or deleted users", async () => {
    expect(await findValidSession(hashToken("nobody"))).toBeNull();
    const cases: [string, (userId: string, sessionId: string) => Promise<unknown>][] = [
      ["revoked", (_u, id) => db.session.update({ where: { id }, data: { isActive: false } })],
      ["expired", (_u, id) => db.session.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } })],
      [
        "idle",
        (_u, id) =>
          db.session.update({ where: { id }, data: { lastSeenAt: new Date(Date.now() - SESSION_IDLE_MS - 1000) } }),
      ],
      ["inactive user", (u) => db.user.update({ where: { id: u }, data: { isActive: false } })],
      ["deleted user", (u) => db.user.update({ where: { id: u }, data: { deletedAt: new Date() } })],
    ];
    for (const [name, spoil] of cases) {
      const user = await createTestUser("sess");
      const session = await createSession({ userId: user.id, tokenHash: hashToken(name) });
      expect(await findValidSession(hashToken(name)), name).not.toBeNull();
      await spoil(user.id, session.id);
      expect(await findValidSession(hashToken(name)), name).toBeNull();
    }
  });

  it("refreshes lastSeenAt once it is over a minute old", async () => {
    const user = await createTestUser("sess");
    const session = await createSession({ userId: user.id, tokenHash: hashToken("touch") });
    const old = new Date(Date.now() - 5 * 60_000);
    await db.session.update({ where: { id: session.id }, data: { lastSeenAt: old } });
    await findValidSession(hashToken("touch"));
    const row = await db.session.findUniqueOrThrow({ where: { id: session.id } });
    expect(row.lastSeenAt.getTime()).toBeGreaterThan(old.getTime() + 60_000);
  });
});

describe("findUsableApiKey (one joined lookup)", () => {
  it("returns the key with its scopes as a list, and refuses revoked, expired and orphaned keys", async () => {
    const user = await createTestUser("key");
    const { key, record } = await createApiKey({ userId: user.id, name: "k", scopes: ["messages:write"] });
    const found = await findUsableApiKey(key);
    expect(found).toMatchObject({ id: record.id, userId: user.id, scopes: ["messages:write"] });
    expect(await findUsableApiKey(`${key}x`)).toBeNull();

    await db.apiKey.update({ where: { id: record.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await findUsableApiKey(key)).toBeNull();
    await db.apiKey.update({ where: { id: record.id }, data: { expiresAt: new Date(Date.now() + 60_000) } });
    expect(await findUsableApiKey(key)).not.toBeNull();
    await db.user.update({ where: { id: user.id }, data: { deletedAt: new Date() } });
    expect(await findUsableApiKey(key)).toBeNull();
  });
});

describe("currentLeafOf", () => {
  it("agrees with getThread's last message, checks ownership in the same query, and follows a chosen branch", async () => {
    const owner = await createTestUser("leaf");
    const stranger = await createTestUser("leaf");
    const convo = await createConversation({ userId: owner.id });
    const args = { conversationId: convo.id, userId: owner.id };
    expect(await currentLeafOf(args)).toBeNull();
    expect(await currentLeafOf({ conversationId: convo.id, userId: stranger.id })).toBeUndefined();
    expect(await currentLeafOf({ conversationId: randomUUID(), userId: owner.id })).toBeUndefined();

    const q1 = await addMessage(convo, { role: "user", text: "q1", parentId: null });
    const a1 = await addMessage(convo, { role: "assistant", text: "a1", status: "complete", parentId: q1.id });
    const q2 = await addMessage(convo, { role: "user", text: "q2", parentId: a1.id });
    const a2 = await addMessage(convo, { role: "assistant", text: "a2", status: "complete", parentId: q2.id });
    expect(await currentLeafOf(args)).toBe(a2.id);
    // A sibling branch written later is the newest; the person then switches back to the first branch.
    const q2b = await addMessage(convo, { role: "user", text: "q2b", parentId: a1.id });
    expect(await currentLeafOf(args)).toBe(q2b.id);
    await db.conversation.update({ where: { id: convo.id }, data: { currentLeafId: q2.id } });
    expect(await currentLeafOf(args)).toBe(a2.id);
    expect(await currentLeafOf(args)).toBe((await getThread({ ...args, limit: 1 })).messages.at(-1)?.id);

    await moveConversationToTrash({ id: convo.id, userId: owner.id });
    expect(await currentLeafOf(args)).toBeUndefined();
  });
});

describe("getEffectiveRolePermissions (held roles, else the default role, in one query)", () => {
  it("gives the default role to a user without roles, and only the held ones otherwise, with real types", async () => {
    const user = await createTestUser("roles");
    const fallback = await getDefaultRole();
    expect(await getEffectiveRolePermissions(user.id)).toEqual([fallback]);

    const limited = await createRole({ name: `r-${randomUUID().slice(0, 8)}`, description: null });
    await updateRolePermissions(limited.id, {
      allowedModels: ["m1", "m2"],
      messagesPerMinute: 7,
      tokensPerDay: 1000,
      canCreateApiKeys: false,
      canShareLinks: true,
    });
    await grantRole({ userId: user.id, roleId: limited.id });
    expect(await getEffectiveRolePermissions(user.id)).toEqual([
      {
        id: limited.id,
        name: limited.name,
        allowedModels: ["m1", "m2"],
        messagesPerMinute: 7,
        tokensPerDay: 1000,
        canCreateApiKeys: false,
        canShareLinks: true,
      },
    ]);
    await grantRole({ userId: user.id, roleId: fallback.id });
    const names = (await getEffectiveRolePermissions(user.id)).map((r) => r.name).sort();
    expect(names).toEqual([limited.name, fallback.name].sort());
    expect(fallback).toMatchObject({ allowedModels: null, messagesPerMinute: null, tokensPerDay: null });
  });
});

describe("insertMessages (a plain send is one INSERT … RETURNING)", () => {
  it("returns exactly what Prisma reads back, refuses a used id as a unique violation, and moves past a taken seq", async () => {
    const user = await createTestUser("insert");
    const convo = await createConversation({ userId: user.id });
    const question = {
      id: randomUUID(),
      role: "user" as const,
      authorId: user.id,
      content: "q",
      status: "complete" as const,
    };
    const rows = [
      { ...question, parts: [{ type: "text", text: "q" }], parentId: null },
      {
        id: randomUUID(),
        role: "assistant" as const,
        authorId: null,
        content: "",
        parts: [],
        status: "streaming" as const,
        parentId: question.id,
        modelId: "m1",
      },
    ];
    const inserted = await insertMessages(convo, rows, 1);
    const read = await Promise.all(inserted.map((m) => getMessage({ id: m.id, userId: user.id })));
    expect(inserted).toEqual(read);
    expect(inserted.map((m) => [m.seq, m.parentId, m.modelId])).toEqual([
      [1, null, null],
      [2, question.id, "m1"],
    ]);
    expect(inserted[0]?.createdAt).toBeInstanceOf(Date);

    const again = await insertMessages(convo, [{ ...rows[0], parts: [] } as (typeof rows)[0]], 10).catch((e) => e);
    expect(isUniqueViolation(again)).toBe(true);
    // seq 2 is taken: the insert moves on to the next free one.
    const [next] = await insertMessages(convo, [{ ...rows[0], id: randomUUID() } as (typeof rows)[0]], 2);
    expect(next?.seq).toBe(3);
  });
});
