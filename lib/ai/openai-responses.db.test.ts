import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnection } from "@/lib/db/connections";
import { createTestUser } from "@/test/factories";
import { type MockServer, startMockServer } from "@/test/openai-mock-server";
import { readChunks } from "@/test/streams";
import { startReply } from "../chat/generate";
import { getConversation } from "../db/conversations";
import { getMessage, type MessagePart } from "../db/messages";
import { addDiscoveredModels } from "./connections";
import { listModels } from "./providers";

// An "OpenAI Responses API" connection: Parley calls POST /v1/responses, asks for a summary of the reasoning
// of models marked as reasoning, and shows it as the reply's reasoning.

let mock: MockServer;
beforeAll(async () => {
  delete process.env.OPENAI_BASE_URL;
  delete process.env.OPENAI_API_KEY;
  delete process.env.PARLEY_MODELS;
  process.env.PARLEY_MODEL_MAX_RETRIES = "0";
  mock = await startMockServer(0, { models: ["o4-mini", "gpt-4.1"], apiKey: "sk-openai-test-9912" });
});
afterAll(() => mock.close());

describe("OpenAI's Responses API", () => {
  it("discovers the models, streams the reasoning summary apart from the answer, and names the chat", async () => {
    const connection = await createConnection({
      name: "OpenAI",
      kind: "openai",
      baseUrl: mock.baseURL,
      apiKey: "sk-openai-test-9912",
    });
    const { probe, added } = await addDiscoveredModels(connection.id);
    expect(probe.ok).toBe(true);
    expect(added).toBe(2);
    const listed = (await listModels()).find((m) => m.id === "o4-mini");
    expect(listed).toMatchObject({ connection: "OpenAI", reasoning: true, reasoningEffort: true });

    mock.setReply({ text: "Paris is the capital.", reasoning: "The user asks about France; recall its capital." });
    const user = await createTestUser();
    const conversationId = randomUUID();
    const handle = await startReply({
      userId: user.id,
      conversationId,
      modelId: "o4-mini",
      reasoningEffort: "high",
      userMessage: { id: randomUUID(), text: "What is the capital of France?", parentId: null },
    });
    await readChunks(handle.stream);
    await handle.done;
    const stored = await getMessage({ id: handle.assistantMessageId, userId: user.id });
    expect(stored?.status).toBe("complete");
    const parts = (stored?.parts ?? []) as MessagePart[];
    expect(parts.filter((p) => p.type === "reasoning").map((p) => (p as unknown as { text: string }).text)).toEqual([
      "The user asks about France; recall its capital.",
    ]);
    expect(parts.filter((p) => p.type === "text").map((p) => (p as unknown as { text: string }).text)).toEqual([
      "Paris is the capital.",
    ]);
    const request = mock.streamedRequests().at(-1);
    expect(request?.path).toBe("/v1/responses");
    expect(request?.body.reasoning).toEqual({ effort: "high", summary: "auto" });
    // The title is asked for without streaming: the Responses API's plain JSON answer.
    await expect
      .poll(async () => (await getConversation({ id: conversationId, userId: user.id }))?.title)
      .toMatch(/^Title for/);
  });

  it("asks for no summary from a model not marked as reasoning", async () => {
    const row = (await listModels()).find((m) => m.id === "gpt-4.1");
    expect(row).toMatchObject({ reasoning: false });
    mock.setReply({ text: "Plain answer.", reasoning: "never shown" });
    const user = await createTestUser();
    const handle = await startReply({
      userId: user.id,
      conversationId: randomUUID(),
      modelId: "gpt-4.1",
      userMessage: { id: randomUUID(), text: "Hello", parentId: null },
    });
    await readChunks(handle.stream);
    await handle.done;
    const stored = await getMessage({ id: handle.assistantMessageId, userId: user.id });
    expect(((stored?.parts ?? []) as MessagePart[]).some((p) => p.type === "reasoning")).toBe(false);
    expect(mock.streamedRequests().at(-1)?.body.reasoning).toBeUndefined();
  });
});
