import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { createTestUser } from "@/test/factories";
import { mockModelServerForFile } from "@/test/mock-model";
import { readChunks, textFrom, words } from "@/test/streams";
import { db } from "../db/client";
import { createConversation, getConversation } from "../db/conversations";
import { getMessage, getThread } from "../db/messages";
import { resumeReply, stopReply } from "./control";
import { startReply } from "./generate";
import { pollUntil } from "./poll";

const mock = mockModelServerForFile({
  OPENAI_API_KEY: "",
  PARLEY_MODELS: "mock-model=Mock model,offline",
  PARLEY_OFFLINE_DELAY_MS: "1",
  PARLEY_MODEL_MAX_RETRIES: "0",
});
afterEach(() => mock.setReply(null));

async function send(userId: string, text: string, options: { conversationId?: string; parentId?: string | null } = {}) {
  const conversationId = options.conversationId ?? randomUUID();
  const id = randomUUID();
  const handle = await startReply({
    userId,
    conversationId,
    userMessage: { id, text, parentId: options.parentId ?? null },
    modelId: "mock-model",
  });
  return { ...handle, userMessageId: id };
}

describe("generation service against an OpenAI-compatible server", () => {
  it("stores the user message before calling the model, streams the reply and stores it with usage", async () => {
    const user = await createTestUser();
    mock.setReply({ text: "Hello there, person", firstByteDelayMs: 300, delayMs: 5 });
    const before = mock.streamedRequests().length;
    const reply = await send(user.id, "Hi");
    // The model has been asked (and has not answered yet): both rows exist.
    await pollUntil(async () => mock.streamedRequests().length > before, { timeoutMs: 10_000, intervalMs: 20 });
    const during = await db.message.findMany({
      where: { conversationId: reply.conversationId },
      orderBy: { seq: "asc" },
    });
    expect(during.map((m) => [m.role, m.status])).toEqual([
      ["user", "complete"],
      ["assistant", "streaming"],
    ]);
    const chunks = await readChunks(reply.stream);
    await reply.done;
    expect(textFrom(chunks)).toBe("Hello there, person");
    expect(chunks[0]).toMatchObject({
      type: "start",
      messageId: reply.assistantMessageId,
      messageMetadata: { modelId: "mock-model", modelLabel: "Mock model", status: "streaming" },
    });
    expect(chunks.at(-1)).toMatchObject({ type: "finish", messageMetadata: { status: "complete" } });
    const stored = await getMessage({ id: reply.assistantMessageId, userId: user.id });
    expect(stored).toMatchObject({
      status: "complete",
      content: "Hello there, person",
      modelId: "mock-model",
      parentId: reply.userMessageId,
      inputTokens: 10,
      outputTokens: 3,
    });
    // The first exchange names the conversation (the mock answers title requests without streaming).
    expect((await getConversation({ id: reply.conversationId, userId: user.id }))?.title).toBe("Title for Hi");
  });

  it("sends the conversation's system prompt and history to the model", async () => {
    const user = await createTestUser();
    const convo = await createConversation({ userId: user.id, title: "t", systemPrompt: "Talk like a pirate." });
    const first = await send(user.id, "one", { conversationId: convo.id });
    await readChunks(first.stream);
    await first.done;
    const before = mock.streamedRequests().length;
    const second = await send(user.id, "two", { conversationId: convo.id, parentId: first.assistantMessageId });
    await readChunks(second.stream);
    await second.done;
    const request = mock.streamedRequests()[before];
    expect(request?.messages.map((m) => [m.role, typeof m.content === "string" ? m.content : "parts"])).toEqual([
      ["system", "Talk like a pirate."],
      ["user", "one"],
      ["assistant", "Echo: one"],
      ["user", "two"],
    ]);
  });

  it("makes one row and one model call when the same message is posted ten times at once", async () => {
    const user = await createTestUser();
    const convo = await createConversation({ userId: user.id, title: "Has a title" });
    mock.setReply({ text: words(20), delayMs: 5 });
    const before = mock.streamedRequests().length;
    const id = randomUUID();
    const handles = await Promise.all(
      Array.from({ length: 10 }, () =>
        startReply({
          userId: user.id,
          conversationId: convo.id,
          userMessage: { id, text: "same message", parentId: null },
          modelId: "mock-model",
        }),
      ),
    );
    const texts = await Promise.all(handles.map(async (h) => textFrom(await readChunks(h.stream))));
    await Promise.all(handles.map((h) => h.done));
    expect(new Set(handles.map((h) => h.assistantMessageId)).size).toBe(1);
    expect(texts).toEqual(Array(10).fill(words(20)));
    expect(mock.streamedRequests().length - before).toBe(1);
    const rows = await db.message.findMany({ where: { conversationId: convo.id } });
    expect(rows.filter((m) => m.role === "user")).toHaveLength(1);
    expect(rows.filter((m) => m.role === "assistant")).toHaveLength(1);

    // Posting it again later returns the stored reply without calling the model.
    const again = await startReply({
      userId: user.id,
      conversationId: convo.id,
      userMessage: { id, text: "same message", parentId: null },
    });
    expect(textFrom(await readChunks(again.stream))).toBe(words(20));
    expect(mock.streamedRequests().length - before).toBe(1);
  });

  it("stops a reply server-side and keeps the partial text as aborted", async () => {
    const user = await createTestUser();
    mock.setReply({ text: words(400), delayMs: 10 });
    const reply = await send(user.id, "long please");
    const reader = reply.stream.getReader();
    let received = "";
    while (received.split(" ").length < 10) {
      const { value } = await reader.read();
      if (value?.type === "text-delta") received += value.delta;
    }
    const stopped = await stopReply({ conversationId: reply.conversationId, userId: user.id });
    expect(stopped).toEqual({ messageId: reply.assistantMessageId, status: "aborted" });
    const stored = await getMessage({ id: reply.assistantMessageId, userId: user.id });
    expect(stored?.status).toBe("aborted");
    expect(stored?.content.length).toBeGreaterThanOrEqual(received.length);
    expect(stored?.content.startsWith(received)).toBe(true);
    expect(stored?.content.length).toBeLessThan(words(400).length);
    // The reader sees the end of the stream too.
    const rest = await readChunks(
      new ReadableStream({
        pull: async (c) => {
          const { done, value } = await reader.read();
          if (done) c.close();
          else c.enqueue(value);
        },
      }),
    );
    expect(rest.some((c) => c.type === "abort")).toBe(true);
  });

  it("keeps the user message and stores an error reply when the model fails, and a retry succeeds", async () => {
    const user = await createTestUser();
    mock.setReply({ failStatus: 500 });
    const reply = await send(user.id, "please answer");
    const chunks = await readChunks(reply.stream);
    await reply.done;
    expect(chunks.find((c) => c.type === "error")).toMatchObject({
      errorText: "The model server returned an error (HTTP 500).",
    });
    expect(await getMessage({ id: reply.userMessageId, userId: user.id })).toMatchObject({ content: "please answer" });
    expect(await getMessage({ id: reply.assistantMessageId, userId: user.id })).toMatchObject({
      status: "error",
      error: "The model server returned an error (HTTP 500).",
    });

    mock.setReply({ text: "Now it works" });
    const retry = await startReply({
      userId: user.id,
      conversationId: reply.conversationId,
      regenerateOf: reply.assistantMessageId,
      modelId: "mock-model",
    });
    const retryChunks = await readChunks(retry.stream);
    expect(textFrom(retryChunks)).toBe("Now it works");
    await retry.done;
    // The finish says where the new version sits, so the browser need not read the thread again.
    expect(retryChunks.at(-1)).toMatchObject({
      type: "finish",
      messageMetadata: {
        status: "complete",
        parentId: reply.userMessageId,
        siblingIds: [reply.assistantMessageId, retry.assistantMessageId],
        siblingIndex: 1,
        parentBranch: { id: reply.userMessageId, siblingIds: [reply.userMessageId], siblingIndex: 0 },
      },
    });
    const thread = await getThread({ conversationId: reply.conversationId, userId: user.id });
    expect(thread.messages.map((m) => [m.role, m.status, m.content])).toEqual([
      ["user", "complete", "please answer"],
      ["assistant", "complete", "Now it works"],
    ]);
    // The failed attempt is kept as the other version of the reply.
    expect(thread.messages[1]?.siblingIds).toEqual([reply.assistantMessageId, retry.assistantMessageId]);
  });

  it("stores the partial reply as an error when the model server drops the connection mid-stream", async () => {
    const user = await createTestUser();
    mock.setReply({ text: words(30), delayMs: 5, dropAfterChunks: 5 });
    const reply = await send(user.id, "flaky");
    const chunks = await readChunks(reply.stream);
    await reply.done;
    expect(chunks.some((c) => c.type === "error")).toBe(true);
    const stored = await getMessage({ id: reply.assistantMessageId, userId: user.id });
    expect(stored?.status).toBe("error");
    expect(stored?.error).toBe("The connection to the model server was lost mid-reply.");
    expect(stored?.content).toBe(words(5));
  });

  it("stores a reply the server cut off without finishing as an error, not as complete", async () => {
    const user = await createTestUser();
    mock.setReply({ text: words(30), delayMs: 2, truncateAfterChunks: 4 });
    const reply = await send(user.id, "truncated");
    const chunks = await readChunks(reply.stream);
    await reply.done;
    expect(chunks.at(-1)).toMatchObject({ type: "finish", messageMetadata: { status: "error" } });
    expect(await getMessage({ id: reply.assistantMessageId, userId: user.id })).toMatchObject({
      status: "error",
      content: words(4),
    });
  });

  it("refuses another user's conversation with 404 and changes nothing", async () => {
    const alice = await createTestUser("alice");
    const bob = await createTestUser("bob");
    const reply = await send(alice.id, "mine");
    await readChunks(reply.stream);
    await reply.done;
    const before = await db.message.count({ where: { conversationId: reply.conversationId } });
    const requests = mock.requests.length;
    await expect(
      startReply({
        userId: bob.id,
        conversationId: reply.conversationId,
        userMessage: { id: randomUUID(), text: "intrude", parentId: reply.assistantMessageId },
      }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      startReply({ userId: bob.id, conversationId: reply.conversationId, regenerateOf: reply.assistantMessageId }),
    ).rejects.toMatchObject({ status: 404 });
    // Bob re-posting Alice's message id into his own conversation learns nothing and changes nothing.
    await expect(
      startReply({
        userId: bob.id,
        conversationId: randomUUID(),
        userMessage: { id: reply.userMessageId, text: "x", parentId: null },
      }),
    ).rejects.toMatchObject({ status: 409 });
    await expect(stopReply({ conversationId: reply.conversationId, userId: bob.id })).rejects.toMatchObject({
      status: 404,
    });
    await expect(resumeReply({ conversationId: reply.conversationId, userId: bob.id })).rejects.toMatchObject({
      status: 404,
    });
    expect(await db.message.count({ where: { conversationId: reply.conversationId } })).toBe(before);
    expect(mock.requests.length).toBe(requests);
  });

  it("keeps generating after the client goes away and resumes from the start on reconnect", async () => {
    const user = await createTestUser();
    mock.setReply({ text: words(60), delayMs: 5 });
    const reply = await send(user.id, "resume me");
    const reader = reply.stream.getReader();
    await reader.read();
    await reader.cancel(); // the browser tab closed
    const resumed = await resumeReply({ conversationId: reply.conversationId, userId: user.id });
    expect(resumed?.messageId).toBe(reply.assistantMessageId);
    const chunks = await readChunks(resumed!.stream);
    expect(chunks[0]).toMatchObject({ type: "start", messageId: reply.assistantMessageId });
    expect(textFrom(chunks)).toBe(words(60));
    await reply.done;
    expect(await getMessage({ id: reply.assistantMessageId, userId: user.id })).toMatchObject({
      status: "complete",
      content: words(60),
    });
    expect(await resumeReply({ conversationId: reply.conversationId, userId: user.id })).toBeNull();
  });

  it("stores tool calls and their outputs so a reload shows them", async () => {
    const user = await createTestUser();
    mock.setReply((request) =>
      request.messages.at(-1)?.role === "tool"
        ? { text: "It is 42." }
        : { toolCalls: [{ name: "calculator", arguments: { expression: "6 * 7" } }] },
    );
    const reply = await send(user.id, "what is six times seven");
    const chunks = await readChunks(reply.stream);
    await reply.done;
    expect(chunks.find((c) => c.type === "tool-output-available")).toMatchObject({
      output: { expression: "6 * 7", result: 42 },
    });
    const thread = await getThread({ conversationId: reply.conversationId, userId: user.id });
    const assistant = thread.messages[1];
    expect(assistant?.content).toBe("It is 42.");
    expect(assistant?.parts.find((p) => p.type === "tool-calculator")).toMatchObject({
      state: "output-available",
      input: { expression: "6 * 7" },
      output: { expression: "6 * 7", result: 42 },
    });
    const row = await db.message.findUnique({ where: { id: reply.assistantMessageId } });
    expect(row?.toolCalls).toEqual([
      { toolCallId: expect.any(String), toolName: "calculator", input: { expression: "6 * 7" } },
    ]);
    expect(row?.toolOutputs).toEqual([
      { toolCallId: expect.any(String), toolName: "calculator", output: { expression: "6 * 7", result: 42 } },
    ]);
  });

  it("enforces the message length and the per-minute message limit with clear errors", async () => {
    const user = await createTestUser();
    await expect(send(user.id, "x".repeat(32_001))).rejects.toMatchObject({ status: 422 });
    const first = await send(user.id, "first");
    await readChunks(first.stream);
    await expect(
      send(user.id, "orphan", { conversationId: first.conversationId, parentId: randomUUID() }),
    ).rejects.toMatchObject({ status: 422, code: "validation:parent" });
    expect(await db.message.count({ where: { conversationId: first.conversationId } })).toBe(2);
    const busy = await createTestUser("busy");
    process.env.PARLEY_MESSAGES_PER_MINUTE = "2";
    try {
      for (let i = 0; i < 2; i++) {
        const reply = await send(busy.id, `m${i}`);
        await readChunks(reply.stream);
      }
      const refused = send(busy.id, "one too many");
      await expect(refused).rejects.toMatchObject({ status: 429, code: "rate_limited:chat:messages" });
      await expect(refused).rejects.toHaveProperty("retryAfterSeconds");
      expect(await db.message.count({ where: { content: "one too many" } })).toBe(0);
      // A refused first message does not leave an empty conversation behind.
      const fresh = randomUUID();
      await expect(send(busy.id, "refused", { conversationId: fresh })).rejects.toMatchObject({ status: 429 });
      expect(await db.conversation.count({ where: { id: fresh } })).toBe(0);
    } finally {
      delete process.env.PARLEY_MESSAGES_PER_MINUTE;
    }
  });
});

describe("the offline model", () => {
  it("answers without its label in the text, calls the calculator, and names the conversation from the first words", async () => {
    const user = await createTestUser();
    const handle = await startReply({
      userId: user.id,
      conversationId: randomUUID(),
      userMessage: { id: randomUUID(), text: "Compute 12 * (3 + 4) please", parentId: null },
      modelId: "offline",
    });
    const chunks = await readChunks(handle.stream);
    await handle.done;
    expect(textFrom(chunks)).not.toContain("Offline model — connect a real model in .env");
    expect(textFrom(chunks)).toContain("12 * (3 + 4) = **84**");
    const stored = await getMessage({ id: handle.assistantMessageId, userId: user.id });
    expect(stored?.toolCalls).toEqual([
      { toolCallId: expect.any(String), toolName: "calculator", input: { expression: "12 * (3 + 4)" } },
    ]);
    expect((await getConversation({ id: handle.conversationId, userId: user.id }))?.title).toBe(
      "Compute 12 * (3 + 4)…",
    );
  });

  it("searches only the asking user's conversations", async () => {
    const alice = await createTestUser("alice");
    const bob = await createTestUser("bob");
    await createConversation({ userId: alice.id, title: "Zebra migration notes" });
    await createConversation({ userId: bob.id, title: "Zebra secrets of bob" });
    const handle = await startReply({
      userId: alice.id,
      conversationId: randomUUID(),
      userMessage: { id: randomUUID(), text: "search my conversations for zebra", parentId: null },
      modelId: "offline",
    });
    const text = textFrom(await readChunks(handle.stream));
    expect(text).toContain("Zebra migration notes");
    expect(text).not.toContain("bob");
  });
});
