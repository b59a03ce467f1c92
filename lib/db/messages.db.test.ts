import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { addMessage, createTestUser } from "@/test/factories";
import { db } from "./client";
import { createConversation } from "./conversations";
import {
  deleteMessage,
  getMessage,
  getPath,
  getThread,
  insertMessages,
  listMessages,
  updateAssistantMessage,
} from "./messages";
import { isUniqueViolation } from "./unique-violation";

async function chain(conversation: { id: string; userId: string }, count: number) {
  let parentId: string | null = null;
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const role = i % 2 === 0 ? "user" : "assistant";
    const { id } = await addMessage(conversation, { role, text: role === "user" ? `q${i}` : undefined, parentId });
    ids.push(id);
    parentId = id;
  }
  return ids;
}

describe("messages", () => {
  it("stores a message and its reply once when the same ids are inserted ten times at once", async () => {
    const user = await createTestUser();
    const convo = await createConversation({ userId: user.id });
    const id = randomUUID();
    const replyId = randomUUID();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () =>
        insertMessages(convo, [
          { id, role: "user", authorId: user.id, content: "hello", parts: [], status: "complete", parentId: null },
          { id: replyId, role: "assistant", authorId: null, content: "", parts: [], status: "streaming", parentId: id },
        ]),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    // Every other insert is told the id exists (the engine then joins the stored reply).
    for (const r of results) if (r.status === "rejected") expect(isUniqueViolation(r.reason)).toBe(true);
    const rows = await db.message.findMany({ where: { conversationId: convo.id }, orderBy: { seq: "asc" } });
    expect(rows.map((m) => [m.id, m.seq])).toEqual([
      [id, 1],
      [replyId, 2],
    ]);
  });

  it("gives distinct seqs to concurrent messages of one conversation", async () => {
    const user = await createTestUser();
    const convo = await createConversation({ userId: user.id });
    await Promise.all(
      Array.from({ length: 8 }, (_, i) => addMessage(convo, { role: "user", text: `m${i}`, parentId: null })),
    );
    const seqs = (await db.message.findMany({ where: { conversationId: convo.id } })).map((m) => m.seq).sort();
    expect(seqs).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it("pages a long thread from the newest message up", async () => {
    const user = await createTestUser();
    const convo = await createConversation({ userId: user.id });
    const ids = await chain(convo, 23);
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
    const [q1, a1] = await chain(convo, 2);
    const q2a = randomUUID();
    await addMessage(convo, { id: q2a, role: "user", text: "v1", parentId: a1! });
    const a2a = randomUUID();
    await addMessage(convo, { id: a2a, role: "assistant", parentId: q2a });
    const q2b = randomUUID();
    await addMessage(convo, { id: q2b, role: "user", text: "v2", parentId: a1! });

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
    const [q, a] = await chain(convo, 2);
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
    // Sending into her conversation and reusing her ids are refused by the engine (generate.db.test.ts).
    expect(await db.message.count({ where: { conversationId: convo.id } })).toBe(2);
  });

  it("lists flat by seq with a cursor, and deletes a branch", async () => {
    const user = await createTestUser();
    const convo = await createConversation({ userId: user.id });
    const ids = await chain(convo, 5);
    const page1 = await listMessages({ conversationId: convo.id, userId: user.id, limit: 3 });
    const page2 = await listMessages({ conversationId: convo.id, userId: user.id, limit: 3, cursor: page1.nextCursor });
    expect([...page1.items, ...page2.items].map((m) => m.id)).toEqual(ids);
    expect(page2.nextCursor).toBeNull();
    const desc = await listMessages({ conversationId: convo.id, userId: user.id, limit: 2, order: "desc" });
    expect(desc.items.map((m) => m.id)).toEqual([ids[4], ids[3]]);
    await deleteMessage({ id: ids[2]!, userId: user.id });
    expect(await db.message.count({ where: { conversationId: convo.id } })).toBe(2);
  });

  it("returns the path to a message for the model in one query, only to its owner", async () => {
    const alice = await createTestUser("alice");
    const bob = await createTestUser("bob");
    const convo = await createConversation({ userId: alice.id });
    const ids = await chain(convo, 7);
    const path = await getPath({ conversationId: convo.id, userId: alice.id, leafId: ids[4]!, limit: 3 });
    expect(path.map((m) => m.id)).toEqual(ids.slice(2, 5));
    expect(path[0]).toMatchObject({ role: "user", status: "complete", parts: [{ type: "text", text: "q2" }] });
    expect(await getPath({ conversationId: convo.id, userId: bob.id, leafId: ids[4]! })).toEqual([]);
  });
});
