import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { createTestUser } from "@/test/factories";
import { mockModelServerForFile } from "@/test/mock-model";
import { readChunks } from "@/test/streams";
import { createConversation } from "../db/conversations";
import { updatePreferences } from "../db/preferences";
import { startReply } from "./generate";

const mock = mockModelServerForFile({
  OPENAI_API_KEY: "",
  PARLEY_MODELS: "mock-model=Mock model,offline",
  PARLEY_MODEL_MAX_RETRIES: "0",
});

async function systemPromptSent(userId: string, conversationId: string) {
  const before = mock.streamedRequests().length;
  const reply = await startReply({
    userId,
    conversationId,
    userMessage: { id: randomUUID(), text: "hello", parentId: null },
    modelId: "mock-model",
  });
  await readChunks(reply.stream);
  await reply.done;
  const system = mock.streamedRequests()[before]?.messages.find((m) => m.role === "system");
  return typeof system?.content === "string" ? system.content : null;
}

it("sends the account's custom instructions after the conversation's system prompt, and only its owner's", async () => {
  const [alice, bob] = await Promise.all([createTestUser(), createTestUser()]);
  await updatePreferences(alice.id, { customInstructions: "Always answer in haiku." });
  const convo = await createConversation({ userId: alice.id, systemPrompt: "Talk like a pirate." });
  const sent = await systemPromptSent(alice.id, convo.id);
  expect(sent?.indexOf("Talk like a pirate.")).toBe(0);
  expect(sent).toContain("Always answer in haiku.");

  const bobs = await createConversation({ userId: bob.id, systemPrompt: "Talk like a pirate." });
  expect(await systemPromptSent(bob.id, bobs.id)).toBe("Talk like a pirate.");

  await updatePreferences(alice.id, { customInstructions: null });
  const again = await createConversation({ userId: alice.id, systemPrompt: "Talk like a pirate." });
  expect(await systemPromptSent(alice.id, again.id)).toBe("Talk like a pirate.");
});
