import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { thoughtMs } from "@/lib/ai/reasoning";
import { createTestUser } from "@/test/factories";
import { type MockServer, startMockServer } from "@/test/openai-mock-server";
import { readChunks, textFrom } from "@/test/streams";
import { getMessage, type MessagePart } from "../db/messages";
import { startReply } from "./generate";

// Reasoning from an OpenAI-compatible server on loopback, in each form self-hosters meet: `reasoning_content`
// deltas (vLLM, DeepSeek), `reasoning` deltas (Ollama, OpenRouter) and <think> tags in the content.

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer();
  process.env.OPENAI_BASE_URL = mock.baseURL;
  delete process.env.OPENAI_API_KEY;
  process.env.PARLEY_MODELS = "deepseek-r1";
  process.env.PARLEY_MODEL_MAX_RETRIES = "0";
});
afterAll(() => mock.close());

async function ask(userId: string, text: string, conversationId = randomUUID(), parentId: string | null = null) {
  const userMessageId = randomUUID();
  const reply = await startReply({ userId, conversationId, userMessage: { id: userMessageId, text, parentId } });
  const chunks = await readChunks(reply.stream);
  await reply.done;
  const stored = await getMessage({ id: reply.assistantMessageId, userId });
  return {
    chunks,
    stored,
    parts: (stored?.parts ?? []) as MessagePart[],
    conversationId,
    id: reply.assistantMessageId,
  };
}

const reasoningOf = (parts: MessagePart[]) =>
  parts.filter((p) => p.type === "reasoning").map((p) => String(p.text).trim());
const textOf = (parts: MessagePart[]) =>
  parts
    .filter((p) => p.type === "text")
    .map((p) => String(p.text))
    .join("");

describe("reasoning", () => {
  for (const [directive, form] of [
    ["reason", "reasoning_content deltas"],
    ["reasoning", "reasoning deltas"],
    ["think", "<think> tags"],
  ] as const) {
    it(`is kept apart from the answer, timed and stored, from ${form}`, async () => {
      const user = await createTestUser();
      const { chunks, stored, parts } = await ask(
        user.id,
        `[[${directive}:First I add two and two.]] [[text:The answer is 4.]] [[delay:20]]`,
      );
      expect(chunks.some((c) => c.type === "reasoning-delta")).toBe(true);
      expect(textFrom(chunks).trim()).toBe("The answer is 4.");
      expect(stored?.status).toBe("complete");
      expect(reasoningOf(parts)).toEqual(["First I add two and two."]);
      expect(textOf(parts).trim()).toBe("The answer is 4.");
      expect(textOf(parts)).not.toContain("<think>");
      const part = parts.find((p) => p.type === "reasoning");
      expect(thoughtMs(part?.providerMetadata)).toBeGreaterThanOrEqual(0);
    });
  }

  it("is never sent back to the model on the next turn", async () => {
    const user = await createTestUser();
    const first = await ask(user.id, "[[reason:A secret chain of thought.]] [[text:Short answer.]]");
    const before = mock.streamedRequests().length;
    await ask(user.id, "And then?", first.conversationId, first.id);
    const next = mock.streamedRequests().slice(before).at(-1);
    // The person's own message names the reasoning (it is a directive); the model's turn must not carry it.
    const sent = JSON.stringify(next?.messages.filter((m) => m.role === "assistant"));
    expect(sent).toContain("Short answer.");
    expect(sent).not.toContain("secret chain of thought");
    expect(sent).not.toContain("reasoning");
  });
});
