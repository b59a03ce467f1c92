import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createTestUser } from "@/test/factories";
import { db } from "./client";
import { createConversation } from "./conversations";
import {
  createAssistantMessage,
  createUserMessage,
  deleteMessage,
  getMessage,
  getPath,
  getThread,
  listMessages,
  updateAssistantMessage,
} from "./messages";

async function chain(userId: string, conversationId: string, count: number) {
  let parentId: string | null = null;
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = randomUUID();
    if (i % 2 === 0) await createUserMessage({ id, conversationId, userId, text: `q${i}`, parentId });
    else await createAssistantMessage({ id, conversationId, userId, parentId: parentId!, modelId: "m" });
    ids.push(id);
    parentId = id;
  }
  return ids;
}

describe("messages", () => {
  it("stores a message once when the same id is posted ten times at once", async () => {
    const user = await createTestUser();
    const convo = await createConversation({ userId: user.id });
    const id = randomUUID();
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        createUserMessage({ id, conversationId: convo.id, userId: user.id, text: "hello", parentId: null }),
      ),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await db.message.count({ where: { conversationId: convo.id } })).toBe(1);
  });

  it("gives distinct seqs to concurrent messages of one conversation", async () => {
    const user = await createTestUser();
    const convo = await createConversation({ userId: user.id });
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        createUserMessage({
          id: randomUUID(),
          conversationId: convo.id,
          userId: user.id,
          text: `m${i}`,
          parentId: null,
        }),
      ),
    );
    const seqs = (await db.message.findMany({ where: { conversationId: convo.id } })).map((m) => m.seq).sort();
    expect(seqs).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it("pages a long thread from the newest message up", async () => {
    const user = await createTestUser();
    const convo = await createConversation({ userId: user.id });
    const ids = await chain(user.id, convo.id, 23);
    const first = await getThread({ conversationId: convo.id, userId: user.id, limit: 10 });
    expect(first.messages.map((m) => m.id)).toEqual(ids.slice(13));
    expect(first.hasMore).toBe(true);
    const second = await getThread({
      conversationId: convo.id,
      userId: user.id,
      limit: 10,
      beforeId: first.messages[0]!.id,
    });
    expect(second.messages.map((m) => m.id)).toEqual(ids.slice(3, 13));
    const third = await getThread({ conversationId: convo.id, userId: user.id, limit: 10, beforeId: ids[3] });
    expect(third.messages.map((m) => m.id)).toEqual(ids.slice(0, 3));
    expect(third.hasMore).toBe(false);
  });

  it("keeps edits as sibling branches and switches between them", async () => {
    const user = await createTestUser();
    const convo = await createConversation({ userId: user.id });
    const [q1, a1] = await chain(user.id, convo.id, 2);
    const q2a = randomUUID();
    await createUserMessage({ id: q2a, conversationId: convo.id, userId: user.id, text: "v1", parentId: a1! });
    const a2a = randomUUID();
    await createAssistantMessage({ id: a2a, conversationId: convo.id, userId: user.id, parentId: q2a, modelId: "m" });
    const q2b = randomUUID();
    await createUserMessage({ id: q2b, conversationId: convo.id, userId: user.id, text: "v2", parentId: a1! });

    const latest = await getThread({ conversationId: convo.id, userId: user.id });
    expect(latest.messages.map((m) => m.id)).toEqual([q1, a1, q2b]);
    expect(latest.messages[2]).toMatchObject({ siblingIds: [q2a, q2b], siblingIndex: 1 });
    expect(latest.messages[0]).toMatchObject({ siblingIds: [q1], siblingIndex: 0, role: "user", status: "complete" });

    const old = await getThread({ conversationId: convo.id, userId: user.id, leafId: q2a });
    expect(old.messages.map((m) => m.id)).toEqual([q1, a1, q2a, a2a]);
    expect(old.messages[2]).toMatchObject({ siblingIndex: 0, parts: [{ type: "text", text: "v1" }] });
  });

  it("updates assistant replies and refuses other users everywhere", async () => {
    const alice = await createTestUser("alice");
    const bob = await createTestUser("bob");
    const convo = await createConversation({ userId: alice.id });
    const [q, a] = await chain(alice.id, convo.id, 2);
    expect(
      await updateAssistantMessage({
        id: a!,
        userId: bob.id,
        update: { status: "complete", content: "hacked" },
      }),
    ).toBe(false);
    expect(
      await updateAssistantMessage({
        id: a!,
        userId: alice.id,
        update: { status: "aborted", content: "part", parts: [{ type: "text", text: "part" }], outputTokens: 3 },
        onlyIfStreaming: true,
      }),
    ).toBe(true);
    expect(
      await updateAssistantMessage({ id: a!, userId: alice.id, update: { status: "complete" }, onlyIfStreaming: true }),
    ).toBe(false);
    expect(await getMessage({ id: a!, userId: alice.id })).toMatchObject({ status: "aborted", content: "part" });

    await expect(getThread({ conversationId: convo.id, userId: bob.id })).rejects.toMatchObject({ status: 404 });
    await expect(listMessages({ conversationId: convo.id, userId: bob.id })).rejects.toMatchObject({ status: 404 });
    expect(await getMessage({ id: q!, userId: bob.id })).toBeNull();
    await expect(deleteMessage({ id: q!, userId: bob.id })).rejects.toMatchObject({ status: 404 });
    await expect(
      createUserMessage({ id: randomUUID(), conversationId: convo.id, userId: bob.id, text: "x", parentId: null }),
    ).rejects.toMatchObject({ status: 404 });
    // Reusing alice's message id in bob's own conversation is a conflict, not a leak of her row.
    const bobs = await createConversation({ userId: bob.id });
    await expect(
      createUserMessage({ id: q!, conversationId: bobs.id, userId: bob.id, text: "x", parentId: null }),
    ).rejects.toMatchObject({ status: 409 });
    expect(await db.message.count({ where: { conversationId: convo.id } })).toBe(2);
  });

  it("lists flat by seq with a cursor, and deletes a branch", async () => {
    const user = await createTestUser();
    const convo = await createConversation({ userId: user.id });
    const ids = await chain(user.id, convo.id, 5);
    const page1 = await listMessages({ conversationId: convo.id, userId: user.id, limit: 3 });
    const page2 = await listMessages({ conversationId: convo.id, userId: user.id, limit: 3, cursor: page1.nextCursor });
    expect([...page1.items, ...page2.items].map((m) => m.id)).toEqual(ids);
    expect(page2.nextCursor).toBeNull();
    const desc = await listMessages({ conversationId: convo.id, userId: user.id, limit: 2, order: "desc" });
    expect(desc.items.map((m) => m.id)).toEqual([ids[4], ids[3]]);
    await deleteMessage({ id: ids[2]!, userId: user.id });
    expect(await db.message.count({ where: { conversationId: convo.id } })).toBe(2);
    await expect(
      createUserMessage({ id: randomUUID(), conversationId: convo.id, userId: user.id, text: "x", parentId: "nope" }),
    ).rejects.toMatchObject({ status: 422 });
  });

  it("returns the path to a message for the model in one query, only to its owner", async () => {
    const alice = await createTestUser("alice");
    const bob = await createTestUser("bob");
    const convo = await createConversation({ userId: alice.id });
    const ids = await chain(alice.id, convo.id, 7);
    const path = await getPath({ conversationId: convo.id, userId: alice.id, leafId: ids[4]!, limit: 3 });
    expect(path.map((m) => m.id)).toEqual(ids.slice(2, 5));
    expect(path[0]).toMatchObject({ role: "user", status: "complete", parts: [{ type: "text", text: "q2" }] });
    expect(await getPath({ conversationId: convo.id, userId: bob.id, leafId: ids[4]! })).toEqual([]);
  });
});
