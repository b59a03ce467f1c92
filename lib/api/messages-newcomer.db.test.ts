import { beforeEach, describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { type ApiUser, apiUser, call } from "@/test/api";
import { mockModelServerForFile } from "@/test/mock-model";

// What a client written from /docs/api sends first: no client id, maybe an Idempotency-Key, maybe a role.

let alice: ApiUser;
let conversationId: string;

const mock = mockModelServerForFile({ OPENAI_API_KEY: "test", PARLEY_MODELS: "mock-model" });

beforeEach(async () => {
  mock.setReply({ chunks: ["Hello"] });
  alice = await apiUser();
  conversationId = (await call("POST", "/conversations", { key: alice.key, body: { title: "Chat" } })).json.id;
});

const countMessages = () => db.message.count({ where: { conversationId } });

describe("POST /conversations/{id}/messages", () => {
  test('{"content"} alone is enough: a fresh id each time', async () => {
    const first = await call("POST", `/conversations/${conversationId}/messages`, {
      key: alice.key,
      body: { content: "hi" },
    });
    expect(first.status).toBe(201);
    expect(first.json.user_message).toMatchObject({ content: "hi", role: "user" });
    expect(first.json.assistant_message).toMatchObject({ content: "Hello", status: "complete" });
    const second = await call("POST", `/conversations/${conversationId}/messages`, {
      key: alice.key,
      body: { content: "hi" },
    });
    expect(second.status).toBe(201);
    expect(second.json.user_message.id).not.toBe(first.json.user_message.id);
    expect(await countMessages()).toBe(4);
  });

  test("the same Idempotency-Key twice stores one message and replays the stored reply", async () => {
    const send = () =>
      call("POST", `/conversations/${conversationId}/messages`, {
        key: alice.key,
        body: { content: "once please" },
        headers: { "idempotency-key": "retry-me-1" },
      });
    const first = await send();
    expect(first.status).toBe(201);
    const again = await send();
    expect(again.status).toBe(200);
    expect(again.json.user_message.id).toBe(first.json.user_message.id);
    expect(again.json.assistant_message.id).toBe(first.json.assistant_message.id);
    expect(await countMessages()).toBe(2);
    expect(mock.streamedRequests().filter((r) => r.messages.at(-1)?.content === "once please")).toHaveLength(1);
  });

  test("an Idempotency-Key is the caller's own: another user may use the same one", async () => {
    const bob = await apiUser();
    const bobsConversation = (await call("POST", "/conversations", { key: bob.key, body: {} })).json.id;
    const headers = { "idempotency-key": "shared-key" };
    const mine = await call("POST", `/conversations/${conversationId}/messages`, {
      key: alice.key,
      body: { content: "a" },
      headers,
    });
    const theirs = await call("POST", `/conversations/${bobsConversation}/messages`, {
      key: bob.key,
      body: { content: "b" },
      headers,
    });
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    expect(theirs.json.user_message.id).not.toBe(mine.json.user_message.id);
  });

  test("reusing an Idempotency-Key for different content is a 409, not a silent replay", async () => {
    const headers = { "idempotency-key": "k-409" };
    const url = `/conversations/${conversationId}/messages`;
    expect((await call("POST", url, { key: alice.key, body: { content: "one" }, headers })).status).toBe(201);
    const other = await call("POST", url, { key: alice.key, body: { content: "two" }, headers });
    expect(other.status).toBe(409);
    expect(other.json.error.message).toMatch(/Idempotency-Key/);
    expect(await countMessages()).toBe(2);
  });

  test("an empty or overlong Idempotency-Key is refused naming the header", async () => {
    const url = `/conversations/${conversationId}/messages`;
    const long = await call("POST", url, {
      key: alice.key,
      body: { content: "x" },
      headers: { "idempotency-key": "k".repeat(300) },
    });
    expect(long.status).toBe(422);
    expect(long.json.error.fields[0].field).toBe("Idempotency-Key");
    expect(await countMessages()).toBe(0);
  });
});

describe("POST /messages (flat form, seed-style clients)", () => {
  test('accepts {"conversation_id", "content", "role": "user"}', async () => {
    const response = await call("POST", "/messages", {
      key: alice.key,
      body: { conversation_id: conversationId, content: "seeded", role: "user" },
    });
    expect(response.status).toBe(201);
    expect(response.json.user_message).toMatchObject({ content: "seeded", role: "user" });
  });

  test.each(["assistant", "system", "tool"])(
    "role %s: 422 that says only import brings those, nothing stored",
    async (role) => {
      const response = await call("POST", "/messages", {
        key: alice.key,
        body: { conversation_id: conversationId, content: "I am the model", role },
      });
      expect(response.status).toBe(422);
      expect(response.json.error.fields).toEqual([
        { field: "role", message: expect.stringMatching(/^Only user messages can be sent.*importing a conversation/) },
      ]);
      expect(await countMessages()).toBe(0);
    },
  );
});
