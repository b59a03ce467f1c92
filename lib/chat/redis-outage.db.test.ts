import { randomUUID } from "node:crypto";
import type { UIMessageChunk } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser } from "@/test/factories";
import { type FaultProxy, startFaultProxy } from "@/test/fault-proxy";
import { type MockServer, startMockServer } from "@/test/openai-mock-server";
import { textFrom, words } from "@/test/streams";
import { getMessage } from "../db/messages";
import { startReply } from "./generate";
import { followRemoteReply } from "./locator";

// A reader follows a reply generated elsewhere through Redis, and Redis dies mid-reply (a proxy in front of the
// shared Redis is cut; the server itself keeps running for other test runs).
const redisUrl = process.env.TEST_REDIS_URL;
if (!redisUrl) console.log("Redis outage chat tests skipped: TEST_REDIS_URL is not set.");

describe.skipIf(!redisUrl)("a reader resumed through Redis when Redis goes down", () => {
  let mock: MockServer;
  let proxy: FaultProxy;
  const prefix = `parley-test-${randomUUID().slice(0, 8)}:`;

  beforeAll(async () => {
    const target = new URL(redisUrl!);
    proxy = await startFaultProxy({ host: target.hostname, port: Number(target.port || 6379) });
    process.env.REDIS_URL = proxy.via(redisUrl!);
    process.env.PARLEY_REDIS_PREFIX = prefix;
    mock = await startMockServer();
    process.env.OPENAI_BASE_URL = mock.baseURL;
    process.env.PARLEY_MODELS = "mock-model";
    process.env.PARLEY_MODEL_MAX_RETRIES = "0";
  });
  afterAll(async () => {
    proxy.restore();
    await mock.close();
    const { redis } = await import("../redis");
    (await redis())?.destroy();
    await proxy.close();
  });

  it("gets the rest of the reply from the database, never a clean finish on part of it", async () => {
    const user = await createTestUser();
    const full = words(300);
    mock.setReply({ text: full, delayMs: 10 });
    const reply = await startReply({
      userId: user.id,
      conversationId: randomUUID(),
      userMessage: { id: randomUUID(), text: "long please", parentId: null },
    });
    // The tab closes once text is flowing, and the reader on "another instance" takes over.
    const own = reply.stream.getReader();
    for (;;) {
      const { done, value } = await own.read();
      if (done || value.type === "text-delta") break;
    }
    await own.cancel();
    const stream = await followRemoteReply(reply.assistantMessageId, user.id);
    expect(stream).not.toBeNull();
    const reader = stream!.getReader();
    const chunks: UIMessageChunk[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      if (textFrom(chunks).split(" ").length === 30) proxy.cut();
    }
    await reply.done;
    const stored = await getMessage({ id: reply.assistantMessageId, userId: user.id });
    expect(stored).toMatchObject({ status: "complete", content: full });
    // Before the cut the reader had 30 words; the rest must come from the stored row.
    expect(textFrom(chunks)).toBe(full);
    expect(chunks.at(-1)).toMatchObject({ type: "finish", messageMetadata: { status: "complete" } });
    expect(chunks.filter((c) => c.type === "error")).toHaveLength(0);
  }, 60_000);
});
