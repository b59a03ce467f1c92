import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addConnectionModels, createConnection } from "@/lib/db/connections";
import { createTestUser } from "@/test/factories";
import { type MockServer, startMockServer } from "@/test/openai-mock-server";
import { readChunks } from "@/test/streams";
import { getMessage, type MessagePart } from "../db/messages";
import { CONTEXT_TRIMMED_PART } from "./context-window";
import { startReply } from "./generate";

// A conversation that outgrows its model's window (1,024 tokens, set on the connection's model): the oldest
// turns are left out of the request, and the person is told once.

let mock: MockServer;
beforeAll(async () => {
  delete process.env.OPENAI_BASE_URL;
  delete process.env.OPENAI_API_KEY;
  delete process.env.PARLEY_MODELS;
  process.env.PARLEY_MODEL_MAX_RETRIES = "0";
  mock = await startMockServer();
  const connection = await createConnection({
    name: "Small",
    kind: "openai-compatible",
    baseUrl: mock.baseURL,
    apiKey: null,
  });
  await addConnectionModels(
    connection.id,
    [{ remoteId: "tiny", vision: false, tools: false, reasoning: false, contextWindow: 1024 }],
    new Set(),
  );
});
afterAll(() => mock.close());

describe("context that does not fit", () => {
  it("leaves the oldest turns out and says so once", async () => {
    const user = await createTestUser();
    const conversationId = randomUUID();
    let parentId: string | null = null;
    const notices: boolean[] = [];
    for (let i = 0; i < 4; i++) {
      mock.setReply({ text: `reply ${i} ${"word ".repeat(150)}` });
      const reply = await startReply({
        userId: user.id,
        conversationId,
        modelId: "tiny",
        userMessage: { id: randomUUID(), text: `question ${i} ${"long ".repeat(150)}`, parentId },
      });
      await readChunks(reply.stream);
      await reply.done;
      const stored = await getMessage({ id: reply.assistantMessageId, userId: user.id });
      expect(stored?.status).toBe("complete");
      notices.push(((stored?.parts ?? []) as MessagePart[]).some((p) => p.type === CONTEXT_TRIMMED_PART));
      parentId = reply.assistantMessageId;
    }
    const last = JSON.stringify(mock.streamedRequests().at(-1)?.messages);
    expect(last).toContain("question 3");
    expect(last).not.toContain("question 0");
    // Told on the first reply that left something out, not again.
    expect(notices.filter(Boolean)).toHaveLength(1);
    expect(notices[0]).toBe(false);
  });
});
