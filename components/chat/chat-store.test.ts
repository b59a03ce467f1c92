import { afterEach, describe, expect, it, vi } from "vitest";
import { createChat, warmUp } from "./chat-engine";
import { EarlySends } from "./chat-request";
import { ChatStore, rendersAtOnce } from "./chat-store";
import type { ChatMessage } from "./types";

const message = (id: string, role: "user" | "assistant", text: string): ChatMessage => ({
  id,
  role,
  parts: text ? [{ type: "text", text }] : [],
});

/** A /api/chat answer: the UI message stream the server sends, one SSE event per chunk. */
function streamResponse(chunks: object[]): Response {
  const events = chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join("");
  const body = `${events}data: [DONE]\n\n`;
  return new Response(body, {
    headers: { "content-type": "text/event-stream", "x-vercel-ai-ui-message-stream": "v1" },
  });
}

afterEach(() => vi.unstubAllGlobals());

describe("ChatStore", () => {
  it("tells message listeners and state listeners apart, and hands out new arrays", () => {
    const store = new ChatStore<ChatMessage>([message("a", "user", "Hi")]);
    const events: string[] = [];
    store.onMessages(() => events.push("messages"));
    const offState = store.onState(() => events.push("state"));
    const before = store.messages;
    store.pushMessage(message("b", "assistant", ""));
    store.status = "streaming";
    offState();
    store.error = new Error("x");
    expect(events).toEqual(["messages", "state"]);
    expect(store.messages).not.toBe(before);
    expect(store.messages.map((m) => m.id)).toEqual(["a", "b"]);
  });

  it("stores a copy of a replaced message, so later in-place edits by the SDK do not reach what is rendered", () => {
    const store = new ChatStore<ChatMessage>([message("a", "user", "Hi"), message("b", "assistant", "")]);
    const streaming = message("b", "assistant", "Hel");
    store.replaceMessage(1, streaming);
    (streaming.parts[0] as { text: string }).text = "Hello";
    expect(store.messages[1]).not.toBe(streaming);
    expect(store.messages[1]?.parts[0]).toMatchObject({ text: "Hel" });
  });
});

describe("rendersAtOnce", () => {
  const user = message("u", "user", "Hi");
  it("is true for a new message and for a reply's first words", () => {
    expect(rendersAtOnce([user], [user, message("r", "assistant", "")])).toBe(true);
    expect(rendersAtOnce([user, message("r", "assistant", "")], [user, message("r", "assistant", "Hel")])).toBe(true);
  });
  it("is false for more words of a reply already showing some, or an empty update", () => {
    expect(rendersAtOnce([user, message("r", "assistant", "Hel")], [user, message("r", "assistant", "Hello")])).toBe(
      false,
    );
    expect(rendersAtOnce([user, message("r", "assistant", "")], [user, message("r", "assistant", "")])).toBe(false);
  });
});

describe("the SDK's chat over a ChatStore", () => {
  it("sends only the newest message with its parent and streams the reply into the store", async () => {
    const requests: { url: string; body: Record<string, unknown> }[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (url: string, init: RequestInit) => {
        requests.push({ url, body: JSON.parse(String(init.body)) });
        return streamResponse([
          { type: "start", messageId: "reply-1" },
          { type: "text-start", id: "t" },
          { type: "text-delta", id: "t", delta: "Hello" },
          { type: "text-delta", id: "t", delta: " there" },
          { type: "text-end", id: "t" },
          { type: "finish" },
        ]);
      }),
    );
    const store = new ChatStore<ChatMessage>([message("m1", "user", "Earlier"), message("m2", "assistant", "Yes")]);
    // What the page does before the SDK is loaded is kept when the SDK takes over.
    store.messages = [...store.messages];
    const statuses: string[] = [];
    // The SDK sets the status and the error one after the other: each tells the listeners.
    store.onState(() => statuses.at(-1) !== store.status && statuses.push(store.status));
    const onFinish = vi.fn();
    const chat = createChat({
      early: new EarlySends(),
      id: "conversation-1",
      store,
      generateId: () => crypto.randomUUID(),
      currentModelId: () => "offline",
      onNothingToResume: () => {},
      onFinish,
    });
    await warmUp();
    await chat.sendMessage(message("m3", "user", "Hi"));

    expect(requests).toHaveLength(1);
    expect(requests[0]?.url).toBe("/api/chat");
    expect(requests[0]?.body).toMatchObject({
      conversationId: "conversation-1",
      message: { id: "m3", role: "user", parts: [{ type: "text", text: "Hi" }] },
      parentId: "m2",
      modelId: "offline",
    });
    expect(store.messages.map((m) => [m.id, m.role])).toEqual([
      ["m1", "user"],
      ["m2", "assistant"],
      ["m3", "user"],
      ["reply-1", "assistant"],
    ]);
    expect(store.messages.at(-1)?.parts.find((p) => p.type === "text")).toMatchObject({ text: "Hello there" });
    expect(statuses).toEqual(["submitted", "streaming", "ready"]);
    expect(onFinish).toHaveBeenCalledOnce();
  });
});
