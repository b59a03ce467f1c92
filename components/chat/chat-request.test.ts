import { afterEach, describe, expect, it, vi } from "vitest";
import { createChat } from "./chat-engine";
import { chatRequestBody, EarlySends } from "./chat-request";
import { ChatStore } from "./chat-store";
import { chatTransport } from "./chat-transport";
import type { ChatMessage } from "./types";

const message = (id: string, role: "user" | "assistant", text: string): ChatMessage => ({
  id,
  role,
  parts: [{ type: "text", text }],
});

const thread = [message("m1", "user", "Earlier"), message("m2", "assistant", "Yes"), message("m3", "user", "Hi")];

function replyStream(): Response {
  const chunks = [
    { type: "start", messageId: "reply-1" },
    { type: "text-start", id: "t" },
    { type: "text-delta", id: "t", delta: "Hello" },
    { type: "text-end", id: "t" },
    { type: "finish" },
  ];
  const events = chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join("");
  return new Response(`${events}data: [DONE]\n\n`, {
    headers: { "content-type": "text/event-stream", "x-vercel-ai-ui-message-stream": "v1" },
  });
}

/** A fetch that records each request and answers with a reply stream (or waits, when `hold` is set). */
function stubFetch(hold = false) {
  const calls: { body: Record<string, unknown>; signal: AbortSignal | undefined }[] = [];
  const fetch = vi.fn((_url: string, init: RequestInit) => {
    calls.push({ body: JSON.parse(String(init.body)), signal: init.signal ?? undefined });
    if (!hold) return Promise.resolve(replyStream());
    return new Promise<Response>((_, reject) =>
      init.signal?.addEventListener("abort", () => reject(init.signal?.reason)),
    );
  });
  vi.stubGlobal("fetch", fetch);
  return calls;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("chatRequestBody", () => {
  it("carries the newest message of the person, its parent, the model, and what to regenerate", () => {
    expect(chatRequestBody({ conversationId: "c", messages: thread, modelId: "offline" })).toEqual({
      conversationId: "c",
      message: { id: "m3", role: "user", parts: [{ type: "text", text: "Hi" }] },
      attachments: [],
      parentId: "m2",
      modelId: "offline",
    });
    expect(
      chatRequestBody({ conversationId: "c", messages: thread.slice(0, 2), modelId: "x", regenerateId: "m2" }),
    ).toMatchObject({ message: { id: "m1" }, parentId: null, regenerate: { messageId: "m2" } });
  });
});

describe("a send started before the SDK asks for it", () => {
  const body = () => chatRequestBody({ conversationId: "c", messages: thread, modelId: "offline" });
  const send = (early: EarlySends, trigger: "submit-message" | "regenerate-message", abortSignal?: AbortSignal) =>
    chatTransport({ currentModelId: () => "offline", early }).sendMessages({
      chatId: "c",
      messages: thread,
      trigger,
      messageId: trigger === "regenerate-message" ? "m2" : undefined,
      abortSignal,
    });

  it("leaves at once, and the SDK's request for the same message gets its response instead of a second one", async () => {
    const calls = stubFetch();
    const early = new EarlySends();
    early.start(body());
    expect(calls).toHaveLength(1);

    const store = new ChatStore<ChatMessage>(thread.slice(0, 2));
    const chat = createChat({
      id: "c",
      store,
      early,
      generateId: () => crypto.randomUUID(),
      currentModelId: () => "offline",
      onNothingToResume: () => {},
    });
    await chat.sendMessage(thread[2] as ChatMessage);

    expect(calls).toHaveLength(1);
    expect(store.messages.map((m) => m.id)).toEqual(["m1", "m2", "m3", "reply-1"]);
    expect(store.messages.at(-1)?.parts.find((p) => p.type === "text")).toMatchObject({ text: "Hello" });
  });

  it("is taken once, not by a regenerate, not by another conversation, and not after it was forgotten", async () => {
    const calls = stubFetch();
    const early = new EarlySends();
    early.start(body());
    await send(early, "regenerate-message");
    expect(calls).toHaveLength(2);
    await send(new EarlySends(), "submit-message");
    expect(calls).toHaveLength(3);

    await send(early, "submit-message");
    expect(calls).toHaveLength(3);
    await send(early, "submit-message");
    expect(calls).toHaveLength(4);

    early.start(body());
    early.forget("m3");
    await send(early, "submit-message");
    expect(calls).toHaveLength(6);
  });

  it("answers a refusal as the SDK's own error, with the status and the body", async () => {
    const refusal = { error: { message: "Slow down." } };
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => new Response(JSON.stringify(refusal), { status: 429 })),
    );
    const early = new EarlySends();
    early.start(body());
    await expect(send(early, "submit-message")).rejects.toMatchObject({
      statusCode: 429,
      responseBody: JSON.stringify(refusal),
    });
  });

  it("is stopped by the signal of the request it was handed to", async () => {
    const calls = stubFetch(true);
    const early = new EarlySends();
    early.start(body());
    const stop = new AbortController();
    const response = send(early, "submit-message", stop.signal);
    stop.abort(new Error("stopped"));
    await expect(response).rejects.toThrow("stopped");
    expect(calls).toHaveLength(1);
    expect(calls[0]?.signal?.aborted).toBe(true);
  });
});
