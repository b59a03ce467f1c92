import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, test } from "vitest";
import { messageRateRule } from "@/lib/chat/generate";
import { db } from "@/lib/db/client";
import { type ApiUser, apiUser, call, callRaw, sseChunks } from "@/test/api";
import { mockModelServerForFile } from "@/test/mock-model";

// Sending messages through the REST API, answered by an OpenAI-compatible mock server on loopback.

let alice: ApiUser;
let conversationId: string;

const mock = mockModelServerForFile({ OPENAI_API_KEY: "test", PARLEY_MODELS: "mock-model,other-model" });

beforeEach(async () => {
  mock.setReply(null);
  alice = await apiUser();
  conversationId = (await call("POST", "/conversations", { key: alice.key, body: { title: "Chat" } })).json.id;
});

function send(body: Record<string, unknown>, url = `/conversations/${conversationId}/messages`) {
  return call("POST", url, { key: alice.key, body: { id: randomUUID(), ...body } });
}

describe("POST /conversations/{id}/messages", () => {
  test("stores the message and returns the stored reply", async () => {
    mock.setReply({ chunks: ["Hello ", "there", "!"], usage: { prompt_tokens: 7, completion_tokens: 3 } });
    const response = await send({ content: "Hi!" });
    expect(response.status).toBe(201);
    const { user_message: user, assistant_message: assistant } = response.json;
    expect(user).toMatchObject({ role: "user", content: "Hi!", parent_id: null, conversation_id: conversationId });
    expect(assistant).toMatchObject({
      role: "assistant",
      content: "Hello there!",
      status: "complete",
      parent_id: user.id,
      model: "mock-model",
    });
    const row = await db.message.findUnique({ where: { id: assistant.id } });
    expect(row).toMatchObject({ content: "Hello there!", status: "complete", outputTokens: 3 });
    expect(mock.streamedRequests().at(-1)?.messages.at(-1)).toMatchObject({ role: "user", content: "Hi!" });
  });

  test("continues the current thread by default, and the model sees the history", async () => {
    const first = (await send({ content: "one" })).json;
    const second = (await send({ content: "two" })).json;
    expect(second.user_message.parent_id).toBe(first.assistant_message.id);
    const prompt = mock
      .streamedRequests()
      .at(-1)
      ?.messages.filter((m) => m.role !== "system");
    expect(prompt?.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
  });

  test("without parent_id, follows the branch the person chose in the app, and the model sees that branch", async () => {
    const first = (await send({ content: "one" })).json;
    // An edit of "one" makes a second branch, the newest; then the person switches back to the first.
    const edited = (
      await call("PATCH", `/messages/${first.user_message.id}`, { key: alice.key, body: { content: "uno" } })
    ).json;
    expect(edited.user_message.parent_id).toBeNull();
    await db.conversation.update({ where: { id: conversationId }, data: { currentLeafId: first.user_message.id } });
    const next = (await send({ content: "two" })).json;
    expect(next.user_message.parent_id).toBe(first.assistant_message.id);
    const prompt = mock
      .streamedRequests()
      .at(-1)
      ?.messages.filter((m) => m.role === "user");
    expect(prompt?.map((m) => m.content)).toEqual(["one", "two"]);
  });

  test("the same id again returns the same reply (200) and asks the model once, even 10 at once", async () => {
    mock.setReply({ chunks: ["a", "b", "c"], delayMs: 20 });
    const id = randomUUID();
    const before = mock.streamedRequests().length;
    const responses = await Promise.all(Array.from({ length: 10 }, () => send({ id, content: "once" })));
    const statuses = responses.map((r) => r.status);
    expect(statuses.every((s) => s === 200 || s === 201)).toBe(true);
    expect(new Set(responses.map((r) => r.json.assistant_message.id)).size).toBe(1);
    expect(mock.streamedRequests().length - before).toBe(1);
    expect(await db.message.count({ where: { conversationId } })).toBe(2);
    const again = await send({ id, content: "once" });
    expect(again.status).toBe(200);
    expect(again.json.assistant_message).toMatchObject({ content: "abc", status: "complete" });
  });

  test("a model failure is stored and returned as the reply's error status", async () => {
    mock.setReply({ failStatus: 500 });
    const response = await send({ content: "boom" });
    expect(response.status).toBe(201);
    expect(response.json.assistant_message).toMatchObject({ status: "error" });
    expect(response.json.assistant_message.error).toEqual(expect.any(String));
  });

  test("an unknown model is 422 naming `model`, and nothing is stored", async () => {
    const response = await send({ content: "hi", model: "gpt-nonexistent" });
    expect(response.status).toBe(422);
    expect(response.json.error.fields[0].field).toBe("model");
    expect(await db.message.count({ where: { conversationId } })).toBe(0);
  });

  test("a chosen model is used and remembered on the conversation", async () => {
    const response = await send({ content: "hi", model: "other-model" });
    expect(response.json.assistant_message.model).toBe("other-model");
    expect(mock.streamedRequests().at(-1)?.model).toBe("other-model");
    expect((await call("GET", `/conversations/${conversationId}`, { key: alice.key })).json.model).toBe("other-model");
  });

  test("over the message budget: 429 with Retry-After, nothing stored", async () => {
    const rule = messageRateRule();
    await db.rateLimit.create({
      data: { key: `rl:${rule.name}:${alice.id}`, count: rule.limit, resetAt: new Date(Date.now() + 20_000) },
    });
    const response = await send({ content: "hi" });
    expect(response.status).toBe(429);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await db.message.count({ where: { conversationId } })).toBe(0);
  });

  test("content over the limit is 422 naming `content`", async () => {
    const response = await send({ content: "x".repeat(32_001) });
    expect(response.status).toBe(422);
    expect(response.json.error.fields[0].field).toBe("content");
  });
});

describe("streaming", () => {
  test('"stream": true answers with server-sent events framed by the stored messages', async () => {
    mock.setReply({ chunks: ["Str", "eam", "ed"] });
    const response = await send({ content: "stream please", stream: true });
    expect(response.status).toBe(201);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const chunks = sseChunks(response.text);
    expect(chunks[0]).toMatchObject({ type: "data-user_message", data: { content: "stream please", role: "user" } });
    const start = chunks.find((c) => c.type === "start");
    const text = chunks
      .filter((c) => c.type === "text-delta")
      .map((c) => c.delta)
      .join("");
    expect(text).toBe("Streamed");
    const last = chunks.at(-1);
    expect(last).toMatchObject({
      type: "data-assistant_message",
      data: { id: start.messageId, content: "Streamed", status: "complete" },
    });
  });

  test("the reply is finished and stored even when the client disconnects", async () => {
    mock.setReply({ chunks: ["slow ", "but ", "sure"], delayMs: 60 });
    const response = await callRaw("POST", `/conversations/${conversationId}/messages`, {
      key: alice.key,
      body: { id: randomUUID(), content: "go", stream: true },
    });
    const reader = response.body!.getReader();
    await reader.read();
    await reader.cancel();
    const deadline = Date.now() + 10_000;
    let reply = null;
    while (Date.now() < deadline) {
      reply = await db.message.findFirst({ where: { conversationId, role: "assistant" } });
      if (reply?.status === "complete") break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(reply).toMatchObject({ status: "complete", content: "slow but sure" });
  });

  test("the flat POST /messages streams too", async () => {
    const response = await call("POST", "/messages", {
      key: alice.key,
      body: { conversation_id: conversationId, id: randomUUID(), content: "flat", stream: true },
    });
    expect(response.status).toBe(201);
    expect(sseChunks(response.text).at(-1)).toMatchObject({ type: "data-assistant_message" });
  });
});

describe("editing", () => {
  test("PATCH adds the edited copy as a sibling branch and answers it; PUT does the same", async () => {
    const first = (await send({ content: "Wrong question" })).json;
    const edited = await call("PATCH", `/messages/${first.user_message.id}`, {
      key: alice.key,
      body: { content: "Right question" },
    });
    expect(edited.status).toBe(201);
    expect(edited.json.user_message).toMatchObject({ content: "Right question", parent_id: null });
    expect(edited.json.user_message.id).not.toBe(first.user_message.id);
    expect(edited.json.assistant_message.parent_id).toBe(edited.json.user_message.id);

    const put = await call("PUT", `/messages/${edited.json.user_message.id}`, {
      key: alice.key,
      body: { content: "Third try", stream: true },
    });
    expect(put.status).toBe(201);
    expect(sseChunks(put.text)[0].data).toMatchObject({ content: "Third try", parent_id: null });

    const all = await call("GET", `/conversations/${conversationId}/messages?limit=100`, { key: alice.key });
    const roots = all.json.data.filter((m: { parent_id: string | null }) => m.parent_id === null);
    expect(roots.map((m: { content: string }) => m.content)).toEqual(["Wrong question", "Right question", "Third try"]);
  });

  test("an edit with a client id is idempotent", async () => {
    const first = (await send({ content: "Original" })).json;
    const id = randomUUID();
    const a = await call("PATCH", `/messages/${first.user_message.id}`, { key: alice.key, body: { id, content: "E" } });
    const b = await call("PATCH", `/messages/${first.user_message.id}`, { key: alice.key, body: { id, content: "E" } });
    expect([a.status, b.status]).toEqual([201, 200]);
    expect(b.json.assistant_message.id).toBe(a.json.assistant_message.id);
    expect(await db.message.count({ where: { conversationId } })).toBe(4);
  });
});

describe("a whole conversation through the API", () => {
  test("create, send, page through the history, delete", async () => {
    const created = await call("POST", "/conversations", { key: alice.key, body: {} });
    const id = created.json.id;
    for (const content of ["one", "two", "three"]) {
      expect((await send({ content }, `/conversations/${id}/messages`)).status).toBe(201);
    }
    const titled = await call("GET", `/conversations/${id}`, { key: alice.key });
    expect(titled.json.title).toBeTruthy();
    const page1 = await call("GET", `/conversations/${id}/messages?limit=4&order=desc`, { key: alice.key });
    const page2 = await call(
      "GET",
      `/conversations/${id}/messages?limit=4&order=desc&cursor=${page1.json.next_cursor}`,
      {
        key: alice.key,
      },
    );
    expect(page1.json.data).toHaveLength(4);
    expect(page2.json.data).toHaveLength(2);
    expect(page2.json.next_cursor).toBeNull();
    expect(page2.json.data.at(-1)).toMatchObject({ role: "user", content: "one" });
    expect((await call("DELETE", `/conversations/${id}?permanent=true`, { key: alice.key })).status).toBe(204);
    expect(await db.message.count({ where: { conversationId: id } })).toBe(0);
  });
});
