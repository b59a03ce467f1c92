import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addConnectionModels, createConnection } from "@/lib/db/connections";
import { apiUser, call } from "@/test/api";
import { createTestUser } from "@/test/factories";
import { type NativeMock, startAnthropicMock, startGeminiMock } from "@/test/native-mock-servers";
import { type MockServer, startMockServer } from "@/test/openai-mock-server";
import { readChunks } from "@/test/streams";
import type { ReasoningEffort } from "../ai/reasoning-effort";
import { getMessage } from "../db/messages";
import { startReply } from "./generate";

// The composer's reasoning effort reaches each kind of server in its own words: `reasoning_effort` on an
// OpenAI-compatible server, a thinking budget on Anthropic's, a thinkingConfig on Gemini's; and nothing at all
// for a model the admin did not mark as taking an effort.

const reply = { thinking: "Weighing it.", text: "Answer." };
let compatible: MockServer;
let anthropic: NativeMock;
let gemini: NativeMock;

async function connect(name: string, kind: "openai-compatible" | "anthropic" | "google", baseUrl: string, key: string) {
  const connection = await createConnection({ name, kind, baseUrl, apiKey: key });
  return connection.id;
}

beforeAll(async () => {
  delete process.env.OPENAI_BASE_URL;
  delete process.env.OPENAI_API_KEY;
  delete process.env.PARLEY_MODELS;
  process.env.PARLEY_MODEL_MAX_RETRIES = "0";
  compatible = await startMockServer(0, { models: ["qwen3:8b"] });
  anthropic = await startAnthropicMock(["claude-sonnet-4-5"], reply, "sk-ant-effort");
  gemini = await startGeminiMock(["gemini-2.5-flash"], reply, "AIza-effort");
  const model = (remoteId: string, reasoningEffort: boolean) => ({
    remoteId,
    vision: false,
    tools: false,
    reasoning: true,
    reasoningEffort,
    contextWindow: null,
  });
  await addConnectionModels(
    await connect("Lab", "openai-compatible", compatible.baseURL, "k"),
    [model("qwen3:8b", true), model("plain", false)],
    new Set(),
  );
  await addConnectionModels(
    await connect("Claude", "anthropic", anthropic.baseURL, "sk-ant-effort"),
    [model("claude-sonnet-4-5", true)],
    new Set(),
  );
  await addConnectionModels(
    await connect("Gemini", "google", gemini.baseURL, "AIza-effort"),
    [model("gemini-2.5-flash", true)],
    new Set(),
  );
});
afterAll(async () => {
  await Promise.all([compatible.close(), anthropic.close(), gemini.close()]);
});

async function send(modelId: string, reasoningEffort: ReasoningEffort | null) {
  const user = await createTestUser();
  const handle = await startReply({
    userId: user.id,
    conversationId: randomUUID(),
    modelId,
    reasoningEffort,
    userMessage: { id: randomUUID(), text: "Think about it.", parentId: null },
  });
  await readChunks(handle.stream);
  await handle.done;
  expect((await getMessage({ id: handle.assistantMessageId, userId: user.id }))?.status).toBe("complete");
}

describe("reasoning effort", () => {
  it("reaches an OpenAI-compatible server as reasoning_effort", async () => {
    await send("qwen3:8b", "high");
    expect(compatible.streamedRequests().at(-1)?.body.reasoning_effort).toBe("high");
    await send("qwen3:8b", "low");
    expect(compatible.streamedRequests().at(-1)?.body.reasoning_effort).toBe("low");
  });

  it("is left out for a model not marked as taking one, and when none is chosen", async () => {
    await send("plain", "high");
    expect(compatible.streamedRequests().at(-1)?.model).toBe("plain");
    expect(compatible.streamedRequests().at(-1)?.body).not.toHaveProperty("reasoning_effort");
    await send("qwen3:8b", null);
    expect(compatible.streamedRequests().at(-1)?.body).not.toHaveProperty("reasoning_effort");
  });

  it("becomes a thinking budget for Anthropic, larger for high than for low", async () => {
    const budget = () =>
      ((anthropic.requests.at(-1)?.body ?? {}) as { thinking?: { type: string; budget_tokens: number } }).thinking;
    await send("claude-sonnet-4-5", "low");
    const low = budget();
    await send("claude-sonnet-4-5", "high");
    const high = budget();
    expect(low?.type).toBe("enabled");
    expect(high?.type).toBe("enabled");
    expect(high?.budget_tokens).toBeGreaterThan(low?.budget_tokens ?? Number.POSITIVE_INFINITY);
  });

  it("becomes a thinkingConfig for Gemini, which also asks for the thoughts to be shown", async () => {
    const config = () =>
      ((gemini.requests.at(-1)?.body ?? {}) as { generationConfig?: { thinkingConfig?: Record<string, unknown> } })
        .generationConfig?.thinkingConfig;
    await send("gemini-2.5-flash", "low");
    const low = config();
    await send("gemini-2.5-flash", "high");
    const high = config();
    expect(low).toMatchObject({ includeThoughts: true });
    expect(high).toMatchObject({ includeThoughts: true });
    expect(Number(high?.thinkingBudget)).toBeGreaterThan(Number(low?.thinkingBudget));
  });

  it("is taken by the REST API's send (reasoning_effort), and a value not in the list is refused", async () => {
    const { key } = await apiUser();
    const conversation = await call("POST", "/conversations", { key, body: {} });
    const path = `/conversations/${conversation.json.id}/messages`;
    const bad = await call("POST", path, { key, body: { content: "Hi", model: "qwen3:8b", reasoning_effort: "huge" } });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("reasoning_effort");
    const sent = await call("POST", path, {
      key,
      body: { content: "Think hard.", model: "qwen3:8b", reasoning_effort: "medium" },
    });
    expect(sent.status, sent.text).toBe(201);
    expect(compatible.streamedRequests().at(-1)?.body.reasoning_effort).toBe("medium");
  });
});
