import { describe, expect, it } from "vitest";
import { startTcpProxy } from "@/test/tcp-proxy";

// PostgreSQL goes down mid-reply under a REST stream and stays down past its end (a proxy in front of the test
// database is cut; the shared server keeps running). The app's client is created after DATABASE_URL points there.
const onPostgres = process.env.PARLEY_TEST_DIALECT === "postgresql";
const proxy = onPostgres ? await startTcpProxy(process.env.DATABASE_URL as string) : null;
if (proxy) process.env.DATABASE_URL = proxy.url;
process.env.PARLEY_REPLY_SAVE_TIMEOUT_SECONDS = "2";
const { randomUUID } = await import("node:crypto");
const { apiUser, call, callRaw, sseChunks } = await import("@/test/api");
const { mockModelServerForFile } = await import("@/test/mock-model");
const { words } = await import("@/test/streams");

const mock = mockModelServerForFile({ OPENAI_API_KEY: "test", PARLEY_MODELS: "mock-model" });

describe.skipIf(!onPostgres)("a REST stream when the database goes down before the reply ends", () => {
  it("ends with the final message event and [DONE], from what the server knows", async () => {
    const alice = await apiUser();
    const conversationId = (await call("POST", "/conversations", { key: alice.key, body: { title: "Chat" } })).json.id;
    mock.setReply({ text: words(40), delayMs: 10 });
    const response = await callRaw("POST", `/conversations/${conversationId}/messages`, {
      key: alice.key,
      body: { id: randomUUID(), content: "long please", stream: true },
    });
    expect(response.status).toBe(201);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    let cut = false;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += value;
        if (!cut && text.split('"text-delta"').length > 6) {
          proxy?.down();
          cut = true;
        }
      }
    } finally {
      proxy?.up();
    }
    expect(cut).toBe(true);
    const chunks = sseChunks(text); // throws unless the stream ended with [DONE]
    const streamed = chunks
      .filter((c) => c.type === "text-delta")
      .map((c) => c.delta)
      .join("");
    expect(streamed).toBe(words(40));
    expect(chunks.at(-1)).toMatchObject({
      type: "data-assistant_message",
      data: {
        role: "assistant",
        content: words(40),
        status: "error",
        error: expect.stringMatching(/could not be saved/),
        conversation_id: conversationId,
        model: "mock-model",
      },
    });
  }, 60_000);
});
