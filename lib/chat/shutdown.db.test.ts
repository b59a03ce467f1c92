import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestUser } from "@/test/factories";
import { type MockServer, startMockServer } from "@/test/openai-mock-server";
import { readChunks, textFrom, words } from "@/test/streams";
import { getMessage } from "../db/messages";
import { startReply } from "./generate";
import { pollUntil } from "./poll";
import { drainReplies } from "./registry";

// SIGTERM's part inside the app (scripts/server.mjs calls it): open replies get a grace period, then end as
// an error the person can retry, with their text stored. The signal itself is tested against a production
// server in e2e/shutdown.spec.ts.
let mock: MockServer;

beforeAll(async () => {
  mock = await startMockServer();
  process.env.OPENAI_BASE_URL = mock.baseURL;
  process.env.PARLEY_MODELS = "mock-model";
  process.env.PARLEY_MODEL_MAX_RETRIES = "0";
  process.env.PARLEY_SHUTDOWN_GRACE_SECONDS = "3";
  delete process.env.REDIS_URL;
});
afterAll(async () => {
  await mock.close();
});

describe("draining replies on shutdown", () => {
  it("lets a reply that ends within the grace period finish, and ends a longer one as a stored, retryable error", async () => {
    const user = await createTestUser();
    const send = () =>
      startReply({
        userId: user.id,
        conversationId: randomUUID(),
        userMessage: { id: randomUUID(), text: "hello", parentId: null },
      });
    mock.setReply({ text: words(20), delayMs: 1 });
    const short = await send();
    // The mock answers each model call with the reply set when it arrives: the short one's call first.
    await pollUntil(async () => mock.streamedRequests().length >= 1 || null, { timeoutMs: 10_000, intervalMs: 20 });
    mock.setReply({ text: words(3000), delayMs: 10 });
    const long = await send();
    const [shortChunks, longChunks, drained] = await Promise.all([
      readChunks(short.stream),
      readChunks(long.stream),
      drainReplies(),
    ]);
    expect(drained).toEqual({ open: 2, interrupted: 1 });
    expect(textFrom(shortChunks)).toBe(words(20));
    expect(shortChunks.at(-1)).toMatchObject({ type: "finish", messageMetadata: { status: "complete" } });

    const errors = longChunks.filter((c) => c.type === "error");
    expect(errors).toEqual([{ type: "error", errorText: expect.stringMatching(/server is restarting.*Retry/) }]);
    expect(longChunks.at(-1)).toMatchObject({ type: "finish", messageMetadata: { status: "error" } });
    const streamed = textFrom(longChunks);
    expect(streamed.length).toBeGreaterThan(0);
    const stored = await getMessage({ id: long.assistantMessageId, userId: user.id });
    expect(stored).toMatchObject({ status: "error", error: errors[0]?.errorText, content: streamed });
    expect((await getMessage({ id: short.assistantMessageId, userId: user.id }))?.status).toBe("complete");
  });
});
