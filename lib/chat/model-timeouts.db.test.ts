import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { createTestUser } from "@/test/factories";
import { mockModelServerForFile } from "@/test/mock-model";
import { readChunks, textFrom, words } from "@/test/streams";
import { getMessage } from "../db/messages";
import { startReply } from "./generate";

// Read once per test file by the validated environment.
process.env.PARLEY_MODEL_FIRST_TOKEN_TIMEOUT_SECONDS = "8";
process.env.PARLEY_MODEL_IDLE_TIMEOUT_SECONDS = "4";

const mock = mockModelServerForFile({ PARLEY_MODELS: "mock-model", PARLEY_MODEL_MAX_RETRIES: "0" });
afterEach(() => mock.setReply(null));

async function replyTo(text: string) {
  const user = await createTestUser();
  const started = Date.now();
  const reply = await startReply({
    userId: user.id,
    conversationId: randomUUID(),
    userMessage: { id: randomUUID(), text, parentId: null },
  });
  const chunks = await readChunks(reply.stream);
  await reply.done;
  const stored = await getMessage({ id: reply.assistantMessageId, userId: user.id });
  return { chunks, stored, seconds: (Date.now() - started) / 1000 };
}

describe("model timeouts and cut streams", () => {
  it("ends a reply whose model never answers after the first-token timeout, with a clear error", {
    timeout: 60_000,
  }, async () => {
    mock.setReply({ neverAnswer: true });
    const { chunks, stored, seconds } = await replyTo("hello?");
    const message = "The model did not answer within 8 s.";
    expect(chunks.filter((c) => c.type === "error")).toEqual([{ type: "error", errorText: message }]);
    expect(chunks.at(-1)).toMatchObject({ type: "finish", messageMetadata: { status: "error" } });
    expect(stored).toMatchObject({ status: "error", error: message, content: "" });
    expect(seconds).toBeGreaterThanOrEqual(8);
    expect(seconds).toBeLessThan(40);
  });

  it("ends a reply whose model stalls mid-answer after the idle timeout, keeping the text so far", {
    timeout: 60_000,
  }, async () => {
    mock.setReply({ text: words(20), delayMs: 5, stallAfterChunks: 3 });
    const { chunks, stored } = await replyTo("go on");
    const message = "The model stopped answering for 4 s; the reply was cut there.";
    expect(textFrom(chunks)).toBe(words(3));
    expect(chunks.filter((c) => c.type === "error")).toEqual([{ type: "error", errorText: message }]);
    expect(stored).toMatchObject({ status: "error", error: message, content: words(3) });
  });

  it("says a cut stream was cut, not that the server returned an error", async () => {
    mock.setReply({ text: words(20), delayMs: 5, dropAfterChunks: 4 });
    const { chunks, stored } = await replyTo("flaky");
    const message = "The connection to the model server was lost mid-reply.";
    expect(chunks.find((c) => c.type === "error")).toEqual({ type: "error", errorText: message });
    expect(stored).toMatchObject({ status: "error", error: message, content: words(4) });
  });
});
