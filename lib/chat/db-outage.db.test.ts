import type { UIMessageChunk } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, startMockServer } from "@/test/openai-mock-server";
import { textFrom, words } from "@/test/streams";
import { startTcpProxy } from "@/test/tcp-proxy";

// PostgreSQL goes down mid-reply (a proxy in front of the test database is cut; the shared server keeps running).
// The app's database client connects through the proxy, so it is created only after DATABASE_URL points there.
const onPostgres = process.env.PARLEY_TEST_DIALECT === "postgresql";
const proxy = onPostgres ? await startTcpProxy(process.env.DATABASE_URL as string) : null;
if (proxy) process.env.DATABASE_URL = proxy.url;
process.env.PARLEY_REPLY_SAVE_TIMEOUT_SECONDS = "2";
const { randomUUID } = await import("node:crypto");
const { createTestUser } = await import("@/test/factories");
const { getMessage } = await import("../db/messages");
const { listUserUsage } = await import("../db/usage");
const { startReply } = await import("./generate");
const { pollUntil, sleep } = await import("./poll");

let mock: MockServer;

beforeAll(async () => {
  mock = await startMockServer();
  process.env.OPENAI_BASE_URL = mock.baseURL;
  process.env.PARLEY_MODELS = "mock-model";
  process.env.PARLEY_MODEL_MAX_RETRIES = "0";
});
afterAll(async () => {
  proxy?.up();
  await mock.close();
});

async function startLongReply(userId: string) {
  const reply = await startReply({
    userId,
    conversationId: randomUUID(),
    userMessage: { id: randomUUID(), text: "long please", parentId: null },
  });
  const reader = reply.stream.getReader();
  const chunks: UIMessageChunk[] = [];
  const readUntil = async (enough: (text: string) => boolean) => {
    while (!enough(textFrom(chunks))) {
      const { done, value } = await reader.read();
      if (done) return;
      chunks.push(value);
    }
  };
  return { reply, chunks, readUntil };
}

describe.skipIf(!onPostgres)("a PostgreSQL outage during a reply", () => {
  it("stores the whole text the client saw, marked complete, when the database comes back before the end", async () => {
    const user = await createTestUser();
    mock.setReply({ text: words(150), delayMs: 15 });
    const { reply, chunks, readUntil } = await startLongReply(user.id);
    await readUntil((text) => text.split(" ").length >= 20);
    proxy?.down();
    await sleep(2_000);
    proxy?.up();
    await readUntil(() => false);
    await reply.done;
    expect(textFrom(chunks)).toBe(words(150));
    expect(chunks.at(-1)).toMatchObject({ type: "finish", messageMetadata: { status: "complete" } });
    const stored = await getMessage({ id: reply.assistantMessageId, userId: user.id });
    expect(stored).toMatchObject({ status: "complete", content: words(150) });
  });

  it("ends the client's stream with an error when the database is still down, and says so in the row later", async () => {
    const user = await createTestUser();
    mock.setReply({ text: words(40), delayMs: 10 });
    const { reply, chunks, readUntil } = await startLongReply(user.id);
    await readUntil((text) => text.split(" ").length >= 5);
    proxy?.down();
    await readUntil(() => false);
    expect(textFrom(chunks)).toBe(words(40));
    const errors = chunks.filter((c) => c.type === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ errorText: expect.stringMatching(/could not be saved/) });
    expect(chunks.at(-1)).toMatchObject({ type: "finish", messageMetadata: { status: "error" } });
    // The outage outlasts the reply's end by more than a connection attempt.
    await sleep(4_000);
    proxy?.up();
    const stored = await pollUntil(
      async () => {
        const row = await getMessage({ id: reply.assistantMessageId, userId: user.id }).catch(() => null);
        return row?.status === "streaming" ? null : row;
      },
      { timeoutMs: 15_000, intervalMs: 200 },
    );
    expect(stored).toMatchObject({ status: "error", error: errors[0]?.errorText, content: words(40) });
    // The model's tokens count against the daily limit once the reply is stored, like the reply itself.
    const usage = await pollUntil(
      async () => {
        const days = await listUserUsage({ userId: user.id, days: 1 });
        return days.length > 0 ? days : null;
      },
      { timeoutMs: 5_000, intervalMs: 200 },
    );
    expect(usage).toEqual([
      expect.objectContaining({ modelId: "mock-model", messages: 1, outputTokens: expect.any(Number) }),
    ]);
    expect(usage?.[0]?.outputTokens).toBeGreaterThan(0);
  });
});
