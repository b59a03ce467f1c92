import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { addMessage, createTestUser } from "@/test/factories";
import { type MockServer, startMockServer } from "@/test/openai-mock-server";
import { readChunks, textFrom } from "@/test/streams";
import { db } from "../db/client";
import { createConversation } from "../db/conversations";
import { deleteMessage, getMessage } from "../db/messages";
import { redis } from "../redis";
import { resumeReply, stopReply } from "./control";
import { startReply } from "./generate";
import { ABANDONED_ERROR, failAbandonedReplies, STALE_AFTER_MS, startReaper } from "./liveness";
import { pollUntil } from "./poll";

// A producer that died (kill -9) leaves a `streaming` row whose heartbeat stops. With TEST_REDIS_URL, also
// the Redis sentinel of its resumable stream, which nobody answers any more.
const redisUrl = process.env.TEST_REDIS_URL;
const prefix = `parley-test-${randomUUID().slice(0, 8)}:`;
let mock: MockServer;

beforeAll(async () => {
  if (redisUrl) {
    process.env.REDIS_URL = redisUrl;
    process.env.PARLEY_REDIS_PREFIX = prefix;
  }
  mock = await startMockServer();
  process.env.OPENAI_BASE_URL = mock.baseURL;
  process.env.PARLEY_MODELS = "mock-model";
  process.env.PARLEY_MODEL_MAX_RETRIES = "0";
});
afterEach(() => mock.setReply(null));
afterAll(async () => {
  await mock.close();
  const client = await redis();
  const keys = await client?.keys(`${prefix}*`);
  if (keys?.length) await client?.del(keys);
});

const sentinelKey = (id: string) => `${prefix}resumable:sentinel:${id}`;

/** A user message answered by a reply whose producer died `agoMs` ago with "partial text" saved. */
async function orphanedReply(agoMs = STALE_AFTER_MS + 5_000) {
  const user = await createTestUser();
  const conversation = await createConversation({ userId: user.id, title: "Orphans" });
  const question = await addMessage(conversation, { role: "user", text: "question", parentId: null });
  const reply = await addMessage(conversation, { role: "assistant", text: "partial text", parentId: question.id });
  await db.message.update({ where: { id: reply.id }, data: { updatedAt: new Date(Date.now() - agoMs) } });
  const client = await redis();
  await client?.set(sentinelKey(reply.id), "1", { EX: 60 });
  return { user, conversation, question, reply };
}

describe("replies whose producer is gone", () => {
  it("are failed with their saved text by the sweep every instance runs (also at start-up), not fresh ones", {
    timeout: 60_000,
  }, async () => {
    const dead = await orphanedReply();
    const alive = await orphanedReply(1_000);
    const swept = await failAbandonedReplies();
    expect(swept).toContain(dead.reply.id);
    expect(swept).not.toContain(alive.reply.id);
    expect(await getMessage({ id: dead.reply.id, userId: dead.user.id })).toMatchObject({
      status: "error",
      error: ABANDONED_ERROR,
      content: "partial text",
    });
    expect((await getMessage({ id: alive.reply.id, userId: alive.user.id }))?.status).toBe("streaming");
    if (redisUrl) expect(await (await redis())?.get(sentinelKey(dead.reply.id))).toBeNull();

    // The start-up sweep runs at once, without anyone opening the chat.
    const another = await orphanedReply();
    startReaper();
    const failed = await pollUntil(
      async () => (await getMessage({ id: another.reply.id, userId: another.user.id }))?.status === "error",
      { timeoutMs: 5_000, intervalMs: 100 },
    );
    expect(failed).toBe(true);
  });

  it("end a resuming client's stream with an error event instead of hanging", async () => {
    const { user, conversation, reply } = await orphanedReply();
    const started = Date.now();
    const resumed = await resumeReply({ conversationId: conversation.id, userId: user.id });
    expect(resumed?.messageId).toBe(reply.id);
    const chunks = await readChunks(resumed!.stream);
    expect(Date.now() - started).toBeLessThan(STALE_AFTER_MS);
    expect(textFrom(chunks)).toBe("partial text");
    expect(chunks.at(-2)).toEqual({ type: "error", errorText: ABANDONED_ERROR });
    expect(chunks.at(-1)).toMatchObject({ type: "finish", messageMetadata: { status: "error" } });
  });

  it("can be regenerated, and a retry of the message id gets the failed reply at once", async () => {
    const { user, conversation, question, reply } = await orphanedReply();
    mock.setReply({ text: "A full answer" });
    const regenerated = await startReply({ userId: user.id, conversationId: conversation.id, regenerateOf: reply.id });
    expect(regenerated.assistantMessageId).not.toBe(reply.id);
    expect(textFrom(await readChunks(regenerated.stream))).toBe("A full answer");
    await regenerated.done;
    expect((await getMessage({ id: reply.id, userId: user.id }))?.status).toBe("error");

    const retried = await startReply({
      userId: user.id,
      conversationId: conversation.id,
      userMessage: { id: question.id, text: "question", parentId: null },
    });
    expect(retried.created).toBe(false);
    expect(retried.assistantMessageId).toBe(regenerated.assistantMessageId);
    expect(textFrom(await readChunks(retried.stream))).toBe("A full answer");
  });

  it("a live producer renews its heartbeat while the model is silent, and is never swept", async () => {
    const user = await createTestUser();
    mock.setReply({ text: "one two three four", delayMs: 5, stallAfterChunks: 2 });
    const handle = await startReply({
      userId: user.id,
      conversationId: randomUUID(),
      userMessage: { id: randomUUID(), text: "hi", parentId: null },
    });
    const first = await pollUntil(
      async () => {
        const row = await getMessage({ id: handle.assistantMessageId, userId: user.id });
        return row?.content ? row.updatedAt : null;
      },
      { timeoutMs: 10_000, intervalMs: 100 },
    );
    expect(first).not.toBeNull();
    const renewed = await pollUntil(
      async () => {
        const row = await getMessage({ id: handle.assistantMessageId, userId: user.id });
        return row && row.updatedAt > first! ? row : null;
      },
      { timeoutMs: 10_000, intervalMs: 200 },
    );
    expect(renewed?.content).toBe("one two");
    expect(await failAbandonedReplies(Date.now() + 10 * STALE_AFTER_MS)).not.toContain(handle.assistantMessageId);
    await stopReply({ conversationId: handle.conversationId, userId: user.id });
    await handle.done;
  });
});

describe("a retried message id (issue 8 item 6)", () => {
  it("answers 409 at once when its reply no longer exists", async () => {
    const user = await createTestUser();
    const id = randomUUID();
    const send = () =>
      startReply({ userId: user.id, conversationId: conversation, userMessage: { id, text: "hi", parentId: null } });
    const conversation = randomUUID();
    const first = await send();
    await readChunks(first.stream);
    await first.done;
    await deleteMessage({ id: first.assistantMessageId, userId: user.id });
    const started = Date.now();
    await expect(send()).rejects.toMatchObject({ status: 409 });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("counts against the per-minute message limit like a send", async () => {
    const user = await createTestUser();
    process.env.PARLEY_MESSAGES_PER_MINUTE = "2";
    try {
      const id = randomUUID();
      const conversationId = randomUUID();
      const send = () =>
        startReply({ userId: user.id, conversationId, userMessage: { id, text: "hi", parentId: null } });
      const first = await send();
      await readChunks(first.stream);
      const retry = await send();
      await readChunks(retry.stream);
      await expect(send()).rejects.toMatchObject({ status: 429, code: "rate_limited:chat:messages" });
    } finally {
      delete process.env.PARLEY_MESSAGES_PER_MINUTE;
    }
  });
});
