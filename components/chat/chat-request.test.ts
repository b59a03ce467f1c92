import { afterEach, describe, expect, it, vi } from "vitest";
import { createChat } from "./chat-engine";
import { chatFetch, chatRequestBody, forgetSend, startSend } from "./chat-request";
import { ChatStore } from "./chat-store";
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
  forgetSend("m3");
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

  it("leaves at once, and the SDK's request for the same message gets its response instead of a second one", async () => {
    const calls = stubFetch();
    startSend(body());
    expect(calls).toHaveLength(1);

    const store = new ChatStore<ChatMessage>(thread.slice(0, 2));
    const chat = createChat({
      id: "c",
      store,
      generateId: () => crypto.randomUUID(),
      currentModelId: () => "offline",
      onNothingToResume: () => {},
    });
    await chat.sendMessage(thread[2] as ChatMessage);

    expect(calls).toHaveLength(1);
    expect(store.messages.map((m) => m.id)).toEqual(["m1", "m2", "m3", "reply-1"]);
    expect(store.messages.at(-1)?.parts.find((p) => p.type === "text")).toMatchObject({ text: "Hello" });
  });

  it("is not handed to a regenerate, nor after it was forgotten", async () => {
    const calls = stubFetch();
    startSend(body());
    const regenerate = JSON.stringify({ ...body(), regenerate: { messageId: "r" } });
    await chatFetch("/api/chat", { method: "POST", body: regenerate });
    expect(calls).toHaveLength(2);

    forgetSend("m3");
    await chatFetch("/api/chat", { method: "POST", body: JSON.stringify(body()) });
    expect(calls).toHaveLength(3);
  });

  it("is stopped by the signal of the request it was handed to", async () => {
    const calls = stubFetch(true);
    startSend(body());
    const stop = new AbortController();
    const response = chatFetch("/api/chat", { method: "POST", body: JSON.stringify(body()), signal: stop.signal });
    stop.abort(new Error("stopped"));
    await expect(response).rejects.toThrow("stopped");
    expect(calls).toHaveLength(1);
    expect(calls[0]?.signal?.aborted).toBe(true);
  });
});
