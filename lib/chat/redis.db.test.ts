import { randomUUID } from "node:crypto";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser } from "@/test/factories";
import { type MockServer, startMockServer } from "@/test/openai-mock-server";
import { readChunks, textFrom } from "@/test/streams";
import { getMessage } from "../db/messages";
import { startReply } from "./generate";
import { resumeFromRedis } from "./resumable";
import { sseToChunks } from "./sse";

// Another app instance is simulated by going through Redis directly instead of this process's registry.
const redisUrl = process.env.TEST_REDIS_URL;
if (!redisUrl) console.log("Redis chat tests skipped: TEST_REDIS_URL is not set (e.g. redis://127.0.0.1:6379).");

describe.skipIf(!redisUrl)("across instances through Redis", () => {
  let mock: MockServer;
  const prefix = `parley-test-${randomUUID().slice(0, 8)}:`;

  beforeAll(async () => {
    process.env.REDIS_URL = redisUrl;
    process.env.PARLEY_REDIS_PREFIX = prefix;
    mock = await startMockServer();
    process.env.OPENAI_BASE_URL = mock.baseURL;
    process.env.PARLEY_MODELS = "mock-model";
    process.env.PARLEY_MODEL_MAX_RETRIES = "0";
  });
  afterAll(async () => {
    await mock.close();
    const { redis } = await import("../redis");
    const client = await redis();
    const keys = await client?.keys(`${prefix}*`);
    if (keys?.length) await client?.del(keys);
  });

  const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(" ");

  it("resumes an in-progress reply from Redis, from its start", async () => {
    const user = await createTestUser();
    mock.setReply({ text: words(50), delayMs: 10 });
    const reply = await startReply({
      userId: user.id,
      conversationId: randomUUID(),
      userMessage: { id: randomUUID(), text: "hello", parentId: null },
    });
    // The tab closes mid-reply (once text is flowing), and another instance resumes it.
    const reader = reply.stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done || value.type === "text-delta") break;
    }
    await reader.cancel();
    const remote = await resumeFromRedis(reply.assistantMessageId);
    expect(remote).not.toBeNull();
    const chunks = await readChunks(remote!.pipeThrough(sseToChunks()));
    expect(chunks[0]).toMatchObject({ type: "start", messageId: reply.assistantMessageId });
    expect(textFrom(chunks)).toBe(words(50));
    await reply.done;
    expect((await getMessage({ id: reply.assistantMessageId, userId: user.id }))?.status).toBe("complete");
  });

  it("stops a reply when the stop request reaches another instance", async () => {
    const user = await createTestUser();
    mock.setReply({ text: words(300), delayMs: 10 });
    const reply = await startReply({
      userId: user.id,
      conversationId: randomUUID(),
      userMessage: { id: randomUUID(), text: "hello", parentId: null },
    });
    // Stop once the reply is streaming.
    const reader = reply.stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done || value.type === "text-delta") break;
    }
    const other = createClient({ url: redisUrl });
    await other.connect();
    await other.publish(`${prefix}chat:stop`, reply.assistantMessageId);
    await other.quit();
    await reply.done;
    const stored = await getMessage({ id: reply.assistantMessageId, userId: user.id });
    expect(stored?.status).toBe("aborted");
    expect(stored?.content.length).toBeGreaterThan(0);
    expect(stored?.content.length).toBeLessThan(words(300).length);
  });
});
