import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addConnectionModels, createConnection } from "@/lib/db/connections";
import { createTestUser } from "@/test/factories";
import { type MockServer, type RecordedRequest, replyFromDirectives, startMockServer } from "@/test/openai-mock-server";
import { readChunks } from "@/test/streams";
import { db } from "../db/client";
import { getMessage, type MessagePart } from "../db/messages";
import { CONTEXT_TRIMMED_PART } from "./context-window";
import { startReply } from "./generate";

// A conversation that outgrows its model's window (1,024 tokens): the oldest turns are summarised by the model,
// the summary is stored and reused on the following turns until the turns since no longer fit, and the person
// is told once.

let mock: MockServer;
const isSummaryRequest = (r: RecordedRequest) =>
  !r.stream && JSON.stringify(r.messages[0]?.content ?? "").includes("You summarise");
const summaryRequests = () => mock.requests.filter(isSummaryRequest);
const systemOf = (r: RecordedRequest | undefined) => String(r?.messages.find((m) => m.role === "system")?.content);

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
    [{ remoteId: "tiny-summariser", vision: false, tools: false, reasoning: false, contextWindow: 1024 }],
    new Set(),
  );
});
afterAll(() => mock.close());

/** Sends `turns` long messages in one conversation; each reply's stored parts. */
async function conversation(turns: number, onTurn: (i: number) => void = () => {}) {
  const user = await createTestUser();
  const conversationId = randomUUID();
  let parentId: string | null = null;
  const replies: MessagePart[][] = [];
  for (let i = 0; i < turns; i++) {
    onTurn(i);
    mock.setReply({ text: `reply ${i} ${"word ".repeat(150)}` });
    const reply = await startReply({
      userId: user.id,
      conversationId,
      modelId: "tiny-summariser",
      userMessage: { id: randomUUID(), text: `question ${i} ${"long ".repeat(150)}`, parentId },
    });
    await readChunks(reply.stream);
    await reply.done;
    const stored = await getMessage({ id: reply.assistantMessageId, userId: user.id });
    expect(stored?.status).toBe("complete");
    replies.push((stored?.parts ?? []) as MessagePart[]);
    parentId = reply.assistantMessageId;
  }
  return { conversationId, replies };
}

const noticeOf = (parts: MessagePart[]) =>
  (parts.find((p) => p.type === CONTEXT_TRIMMED_PART) as { data?: { summarised: number; dropped: number } } | undefined)
    ?.data;

describe("older turns summarised", () => {
  it("summarises once, reuses the stored summary, summarises again from it later, and says so once", async () => {
    let written = 0;
    mock.setPlainReply((request) =>
      isSummaryRequest(request) ? { text: `SUMMARY-${++written}` } : replyFromDirectives(request),
    );
    const summariesAfter: number[] = [];
    const { conversationId, replies } = await conversation(5, () => summariesAfter.push(summaryRequests().length));
    summariesAfter.push(summaryRequests().length);
    // Turns 0 and 1 fit; turn 2 summarises; turn 3 reuses that summary; turn 4 summarises again.
    expect(summariesAfter).toEqual([0, 0, 0, 1, 1, 2]);
    const streamed = mock.streamedRequests().slice(-5);
    expect(systemOf(streamed[2])).toContain("SUMMARY-1");
    expect(JSON.stringify(streamed[2]?.messages)).not.toContain("question 0");
    expect(JSON.stringify(streamed[2]?.messages)).toContain("question 2");
    expect(systemOf(streamed[3])).toContain("SUMMARY-1");
    expect(systemOf(streamed[4])).toContain("SUMMARY-2");
    // The second summary is written from the first and the turns after it (as much of them as fits the
    // summarising model's own window), not from the whole conversation.
    const second = JSON.stringify(summaryRequests().at(-1)?.messages);
    expect(second).toContain("SUMMARY-1");
    expect(second).toContain("reply 3");
    expect(second).not.toContain("question 0");
    expect(await db.contextSummary.count({ where: { conversationId } })).toBe(2);
    // Told on the first reply that needed it, not again.
    expect(replies.map(noticeOf).filter(Boolean)).toEqual([{ dropped: 0, summarised: 4 }]);
    expect(noticeOf(replies[2] ?? [])).toBeDefined();
  });

  it("leaves the oldest turns out, as before, when the summary cannot be written", async () => {
    mock.setPlainReply((request) => (isSummaryRequest(request) ? { failStatus: 500 } : replyFromDirectives(request)));
    const { conversationId, replies } = await conversation(3);
    expect(noticeOf(replies[2] ?? [])).toMatchObject({ summarised: 0 });
    expect(noticeOf(replies[2] ?? [])?.dropped).toBeGreaterThan(0);
    expect(JSON.stringify(mock.streamedRequests().at(-1)?.messages)).not.toContain("question 0");
    expect(await db.contextSummary.count({ where: { conversationId } })).toBe(0);
  });
});
