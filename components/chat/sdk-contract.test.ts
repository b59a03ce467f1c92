import { afterEach, describe, expect, it, vi } from "vitest";
import { createChat } from "./chat-engine";
import { EarlySends } from "./chat-request";
import { ChatStore } from "./chat-store";
import type { ChatMessage } from "./types";

// What the send path relies on from the AI SDK beyond its types, pinned so an SDK upgrade that changes it fails
// here rather than in a person's browser: the send machine learns of a dropped connection from the public
// `onFinish({ isDisconnect })` (instead of the private `~resumeStreamIfDisconnected`), and a resume replays the
// reply from its start into the same message. The network is the browser's fetch as Chromium fails it.

const events = (chunks: object[]) => chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join("");
const START = [
  { type: "start", messageId: "reply-1" },
  { type: "text-start", id: "t" },
  { type: "text-delta", id: "t", delta: "Once upon" },
];
const END = [{ type: "text-delta", id: "t", delta: " a time." }, { type: "text-end", id: "t" }, { type: "finish" }];
const headers = { "content-type": "text/event-stream", "x-vercel-ai-ui-message-stream": "v1" };

/** A reply whose connection drops after its first words, as Chromium reports it (TypeError: network error). */
function droppedReply(): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(events(START)));
      setTimeout(() => controller.error(new TypeError("network error")), 10);
    },
  });
  return new Response(body, { headers });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("the AI SDK's chat, as the send path uses it", () => {
  it("reports a dropped stream as onError, then onFinish with isDisconnect; a resume replays into the same reply", async () => {
    const requests: string[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (url: string, init: RequestInit) => {
        requests.push(`${init.method ?? "GET"} ${url}`);
        if (init.method === "POST") return droppedReply();
        return new Response(`${events([...START, ...END])}data: [DONE]\n\n`, { headers });
      }),
    );
    const seen: string[] = [];
    const store = new ChatStore<ChatMessage>([]);
    const chat = createChat({
      id: "c1",
      store,
      early: new EarlySends(),
      generateId: () => crypto.randomUUID(),
      currentModelId: () => "offline",
      onNothingToResume: () => seen.push("nothing"),
      onError: (error) => seen.push(`error:${error.name}`),
      onFinish: ({ isDisconnect, isError, isAbort }) => seen.push(`finish:${isDisconnect}:${isError}:${isAbort}`),
    });
    await chat.sendMessage({ id: "m1", role: "user", parts: [{ type: "text", text: "Tell me a story" }] });
    expect(seen).toEqual(["error:TypeError", "finish:true:true:false"]);
    expect(store.status).toBe("error");

    await chat.resumeStream();
    expect(requests).toEqual(["POST /api/chat", "GET /api/chat/c1/stream"]);
    expect(seen.at(-1)).toBe("finish:false:false:false");
    expect(store.messages.map((m) => m.id)).toEqual(["m1", "reply-1"]);
    const text = store.messages[1]?.parts.filter((p) => p.type === "text").map((p) => p.text);
    expect(text).toEqual(["Once upon a time."]);
  });

  it("goes back to ready with no event when there is nothing to resume (our transport reports the 204)", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => new Response(null, { status: 204 })),
    );
    const seen: string[] = [];
    const store = new ChatStore<ChatMessage>([]);
    const chat = createChat({
      id: "c1",
      store,
      early: new EarlySends(),
      generateId: () => crypto.randomUUID(),
      currentModelId: () => "offline",
      onNothingToResume: () => seen.push("nothing"),
      onError: () => seen.push("error"),
      onFinish: () => seen.push("finish"),
    });
    await chat.resumeStream();
    expect(seen).toEqual(["nothing"]);
    expect(store.status).toBe("ready");
  });
});
