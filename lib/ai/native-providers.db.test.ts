import { streamText } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnection } from "@/lib/db/connections";
import { type NativeMock, startAnthropicMock, startGeminiMock } from "@/test/native-mock-servers";
import { addDiscoveredModels } from "./connections";
import { probeServer } from "./discovery";
import { getModel, listModels } from "./providers";

// Anthropic and Gemini through their own AI SDK providers, against servers of their shape on loopback.

const reply = { thinking: "Weighing the question first.", text: "Here is the answer." };
let anthropic: NativeMock;
let gemini: NativeMock;
beforeAll(async () => {
  delete process.env.OPENAI_BASE_URL;
  delete process.env.OPENAI_API_KEY;
  delete process.env.PARLEY_MODELS;
  anthropic = await startAnthropicMock(["claude-sonnet-4-5"], reply, "sk-ant-test-1111");
  gemini = await startGeminiMock(["gemini-2.5-flash"], reply, "AIza-test-2222");
});
afterAll(async () => {
  await anthropic.close();
  await gemini.close();
});

async function streamed(modelId: string) {
  const result = streamText({ model: (await getModel(modelId)).model, prompt: "Question?" });
  return { text: await result.text, reasoning: await result.reasoningText };
}

describe("native providers", () => {
  it("lists, then streams reasoning and text from an Anthropic-shaped server", async () => {
    const connection = await createConnection({
      name: "Anthropic",
      kind: "anthropic",
      baseUrl: anthropic.baseURL,
      apiKey: "sk-ant-test-1111",
    });
    const { probe, added } = await addDiscoveredModels(connection.id);
    expect(probe.message).toBe("HTTP 200: 1 chat model listed.");
    expect(added).toBe(1);
    expect((await listModels()).find((m) => m.id === "claude-sonnet-4-5")).toMatchObject({
      label: "Claude claude-sonnet-4-5",
      connection: "Anthropic",
      vision: true,
      reasoning: true,
    });
    expect(await streamed("claude-sonnet-4-5")).toEqual({ text: reply.text, reasoning: reply.thinking });
    expect(anthropic.requests.at(-1)).toMatchObject({ model: "claude-sonnet-4-5", key: "sk-ant-test-1111" });
  });

  it("lists chat models only, then streams thoughts and text from a Gemini-shaped server", async () => {
    const connection = await createConnection({
      name: "Gemini",
      kind: "google",
      baseUrl: gemini.baseURL,
      apiKey: "AIza-test-2222",
    });
    const { probe } = await addDiscoveredModels(connection.id);
    expect(probe.message).toBe("HTTP 200: 1 chat model listed.");
    expect((await listModels()).find((m) => m.id === "gemini-2.5-flash")).toMatchObject({
      connection: "Gemini",
      contextWindow: 1_048_576,
      reasoning: true,
    });
    expect(await streamed("gemini-2.5-flash")).toEqual({ text: reply.text, reasoning: reply.thinking });
    expect(gemini.requests.at(-1)).toMatchObject({ model: "gemini-2.5-flash", key: "AIza-test-2222" });
  });

  it("says what each refused key was told", async () => {
    expect((await probeServer({ kind: "anthropic", baseUrl: anthropic.baseURL, apiKey: "wrong" })).message).toBe(
      "HTTP 401: invalid x-api-key. Check the API key.",
    );
    expect((await probeServer({ kind: "google", baseUrl: gemini.baseURL, apiKey: "wrong" })).message).toBe(
      "HTTP 400: API key not valid. Please pass a valid API key.",
    );
  });
});
