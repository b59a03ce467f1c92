import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { createConversation } from "@/lib/db/conversations";
import { type ApiUser, apiUser, call } from "@/test/api";
import { addMessage } from "@/test/factories";

let alice: ApiUser;
let conversationId: string;

beforeEach(async () => {
  alice = await apiUser();
  conversationId = (await createConversation({ userId: alice.id, title: "Thread" })).id;
});

/** A linear thread of `count` messages (user, assistant, user, …); returns their ids oldest first. */
async function seedThread(count: number): Promise<string[]> {
  const ids: string[] = [];
  let parentId: string | null = null;
  for (let i = 0; i < count; i++) {
    const role = i % 2 === 0 ? "user" : "assistant";
    const conversation = { id: conversationId, userId: alice.id };
    const { id } = await addMessage(conversation, { role, text: `message ${i}`, status: "complete", parentId });
    ids.push(id);
    parentId = id;
  }
  return ids;
}

async function pageThrough(url: string, limit: number) {
  const sizes: number[] = [];
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const separator = url.includes("?") ? "&" : "?";
    const page = await call("GET", `${url}${separator}limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`, {
      key: alice.key,
    });
    expect(page.status).toBe(200);
    sizes.push(page.json.data.length);
    ids.push(...page.json.data.map((m: { id: string }) => m.id));
    cursor = page.json.next_cursor;
    expect(page.json.has_more).toBe(cursor !== null);
  } while (cursor);
  return { sizes, ids };
}

describe("listing messages", () => {
  test("empty conversation", async () => {
    const response = await call("GET", `/conversations/${conversationId}/messages`, { key: alice.key });
    expect(response.json).toEqual({ object: "list", data: [], has_more: false, next_cursor: null });
  });

  test("exact page size, then pages to a short last page, oldest first and newest first", async () => {
    const ids = await seedThread(5);
    const exact = await call("GET", `/conversations/${conversationId}/messages?limit=5`, { key: alice.key });
    expect(exact.json.data).toHaveLength(5);
    expect(exact.json.next_cursor).toBeNull();
    expect(exact.json.data[1]).toMatchObject({
      object: "message",
      conversation_id: conversationId,
      parent_id: ids[0],
      role: "assistant",
      content: "message 1",
      status: "complete",
      model: "offline",
    });

    const asc = await pageThrough(`/conversations/${conversationId}/messages?order=asc`, 2);
    expect(asc).toEqual({ sizes: [2, 2, 1], ids });
    const desc = await pageThrough(`/conversations/${conversationId}/messages?order=desc`, 2);
    expect(desc).toEqual({ sizes: [2, 2, 1], ids: [...ids].reverse() });
  });

  test("the flat form GET /messages?conversation_id= gives the same pages", async () => {
    const ids = await seedThread(3);
    const flat = await pageThrough(`/messages?conversation_id=${conversationId}`, 2);
    expect(flat).toEqual({ sizes: [2, 1], ids });
    const missing = await call("GET", "/messages", { key: alice.key });
    expect(missing.status).toBe(422);
    expect(missing.json.error.fields[0].field).toBe("conversation_id");
  });

  test("bad order or cursor; unknown conversation", async () => {
    const order = await call("GET", `/conversations/${conversationId}/messages?order=sideways`, { key: alice.key });
    expect(order.status).toBe(422);
    expect(order.json.error.fields[0].field).toBe("order");
    const cursor = await call("GET", `/conversations/${conversationId}/messages?cursor=abc`, { key: alice.key });
    expect(cursor.status).toBe(400);
    const unknown = await call("GET", `/conversations/${randomUUID()}/messages`, { key: alice.key });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBe("not_found:conversation");
  });
});

describe("one message", () => {
  test("GET, and DELETE removes it and the replies under it", async () => {
    const [first, second, third] = await seedThread(3);
    const got = await call("GET", `/messages/${second}`, { key: alice.key });
    expect(got.status).toBe(200);
    expect(got.json).toMatchObject({ id: second, role: "assistant", parent_id: first });

    expect((await call("DELETE", `/messages/${second}`, { key: alice.key })).status).toBe(204);
    expect(await db.message.findMany({ where: { conversationId }, select: { id: true } })).toEqual([{ id: first }]);
    for (const id of [second, third]) {
      const gone = await call("GET", `/messages/${id}`, { key: alice.key });
      expect(gone.status).toBe(404);
      expect(gone.json.error.code).toBe("not_found:message");
    }
    expect((await call("DELETE", `/messages/${second}`, { key: alice.key })).status).toBe(404);
  });

  test("messages of a trashed conversation are not found", async () => {
    const [first] = await seedThread(1);
    await call("DELETE", `/conversations/${conversationId}`, { key: alice.key });
    expect((await call("GET", `/messages/${first}`, { key: alice.key })).status).toBe(404);
    expect((await call("GET", `/conversations/${conversationId}/messages`, { key: alice.key })).status).toBe(404);
  });

  test("editing an assistant message is a conflict (409); editing with no content is 422", async () => {
    const [first, second] = await seedThread(2);
    const before = await db.message.count();
    const assistant = await call("PATCH", `/messages/${second}`, { key: alice.key, body: { content: "mine now" } });
    expect(assistant.status).toBe(409);
    expect(assistant.json.error.code).toBe("conflict:message_role");
    const empty = await call("PUT", `/messages/${first}`, { key: alice.key, body: { content: "" } });
    expect(empty.status).toBe(422);
    expect(empty.json.error.fields[0].field).toBe("content");
    expect(await db.message.count()).toBe(before);
  });
});

describe("sending: checks before any model call", () => {
  test("a parent_id from elsewhere is 422 naming parent_id; a malformed id is 422; nothing stored", async () => {
    const other = (await createConversation({ userId: alice.id })).id;
    const foreignParent = randomUUID();
    await addMessage({ id: other, userId: alice.id }, { id: foreignParent, role: "user", text: "x", parentId: null });
    const before = await db.message.count();
    const response = await call("POST", `/conversations/${conversationId}/messages`, {
      key: alice.key,
      body: { id: randomUUID(), content: "hi", parent_id: foreignParent },
    });
    expect(response.status).toBe(422);
    expect(response.json.error.fields[0].field).toBe("parent_id");
    const badId = await call("POST", "/messages", {
      key: alice.key,
      body: { conversation_id: conversationId, id: "not-a-uuid", content: "hi" },
    });
    expect(badId.status).toBe(422);
    expect(badId.json.error.fields[0].field).toBe("id");
    expect(await db.message.count()).toBe(before);
  });

  test("an id already used in another conversation is a conflict (409)", async () => {
    const [first] = await seedThread(1);
    const other = (await createConversation({ userId: alice.id })).id;
    const response = await call("POST", `/conversations/${other}/messages`, {
      key: alice.key,
      body: { id: first, content: "again" },
    });
    expect(response.status).toBe(409);
    expect(response.json.error.code).toBe("conflict:message");
  });

  test("sending an id again returns what was stored (200) without adding anything", async () => {
    const [first, second] = await seedThread(2);
    const before = await db.message.count();
    const response = await call("POST", `/conversations/${conversationId}/messages`, {
      key: alice.key,
      body: { id: first, content: "message 0" },
    });
    expect(response.status).toBe(200);
    expect(response.json.user_message.id).toBe(first);
    expect(response.json.assistant_message.id).toBe(second);
    expect(await db.message.count()).toBe(before);
  });
});
