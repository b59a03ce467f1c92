import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { act, renderHook, waitFor } from "@testing-library/react";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ChatActions } from "./chat-view";
import type { ChatMessage } from "./types";
import { useConversationChat } from "./use-conversation-chat";

// The hook over the real AI SDK client and the real fetch, against a chat endpoint on loopback that speaks the
// protocol /api/chat speaks (a UI message stream over server-sent events), told per test how to answer.

type Answer = "reply" | "branched" | "refuse" | "drop" | "hold";

interface Received {
  sends: { conversationId: string; message: { id: string }; regenerate?: unknown }[];
  stops: unknown[];
  resumes: number;
  /** Reads of the stored thread (the chat's loadThread action). */
  loads: number;
}

let server: Server;
let answers: Answer[] = [];
let received: Received;
/** Replies the server has stored, by the person's message they answer. */
let stored: ChatMessage[] = [];
let held: ServerResponse | null = null;

const sse = (res: ServerResponse, chunk: object) => res.write(`data: ${JSON.stringify(chunk)}\n\n`);

function answerSend(req: IncomingMessage, res: ServerResponse, body: Received["sends"][number]) {
  const answer = answers.shift() ?? "reply";
  if (answer === "refuse") {
    res.writeHead(429, { "content-type": "application/json" });
    return res.end(JSON.stringify({ error: { message: "Slow down." } }));
  }
  if (answer === "drop") return req.socket.destroy();
  const replyId = `reply-${received.sends.length}`;
  res.writeHead(200, { "content-type": "text/event-stream", "x-vercel-ai-ui-message-stream": "v1" });
  sse(res, { type: "start", messageId: replyId, messageMetadata: { status: "streaming" } });
  sse(res, { type: "text-start", id: "t" });
  sse(res, { type: "text-delta", id: "t", delta: "Once upon" });
  if (answer === "hold") {
    held = res;
    return;
  }
  sse(res, { type: "text-delta", id: "t", delta: " a time." });
  sse(res, { type: "text-end", id: "t" });
  // As /api/chat answers: the stored reply's finish says where the reply and the message sit in the tree.
  const branch = { id: body.message.id, siblingIds: ["earlier", body.message.id], siblingIndex: 1 };
  const finish = answer === "branched" ? { status: "complete", parentBranch: branch } : { status: "complete" };
  sse(res, { type: "finish", messageMetadata: finish });
  res.end("data: [DONE]\n\n");
  stored.push(
    { id: body.message.id, role: "user", parts: [{ type: "text", text: "sent" }] },
    { id: replyId, role: "assistant", parts: [{ type: "text", text: "Once upon a time." }], metadata: {} },
  );
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => {
      raw += chunk;
    });
    req.on("end", () => {
      if (req.method === "POST" && req.url === "/api/chat") {
        const body = JSON.parse(raw);
        received.sends.push(body);
        return answerSend(req, res, body);
      }
      if (req.method === "POST" && req.url?.endsWith("/stop")) {
        received.stops.push(JSON.parse(raw));
        held?.end();
        held = null;
        return res.end("{}");
      }
      if (req.method === "GET" && req.url?.endsWith("/stream")) {
        received.resumes++;
        res.writeHead(204);
        return res.end();
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  (window as unknown as { happyDOM: { setURL: (url: string) => void } }).happyDOM.setURL(`http://127.0.0.1:${port}/`);
});

afterAll(async () => {
  held?.end();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  answers = [];
  received = { sends: [], stops: [], resumes: 0, loads: 0 };
  stored = [];
  localStorage.clear();
});

/** The thread as the server has it (what the hook reloads after a reply ends, a failure, or Stop). */
const actions: ChatActions = {
  loadThread: async () => {
    received.loads++;
    return stored.length
      ? { ok: true, data: { messages: stored, hasMore: false } }
      : { ok: false, error: "Not found." };
  },
  saveSettings: async () => ({ ok: true, data: null }),
  chooseBranch: async () => ({ ok: true, data: null }),
};

function render(initialMessages: ChatMessage[] = [], persisted = true) {
  const restored: unknown[] = [];
  const hook = renderHook(() =>
    useConversationChat({
      conversationId: "c1",
      initialMessages,
      initialHasMore: false,
      initialModelId: "offline",
      initialSystemPrompt: "",
      title: null,
      persisted,
      actions,
      restoreFiles: (files) => restored.push(...files),
    }),
  );
  return { ...hook, restored };
}

/** The first send loads the AI SDK's chunk, slow on a busy machine. */
const until = (check: () => void) => waitFor(check, { timeout: 10_000 });

/** Types `text` into the composer and presses Send. */
async function send(hook: ReturnType<typeof render>, text: string) {
  act(() => hook.result.current.setDraft(text));
  let sent = false;
  act(() => {
    sent = hook.result.current.send();
  });
  expect(sent).toBe(true);
}

describe("useConversationChat", () => {
  it("Send: sending → streaming → settled, one request (the one that left in the click), the reply shown", async () => {
    const hook = render();
    await send(hook, "Tell me a story");
    // The request left in the click, before any render or the SDK.
    expect(hook.result.current.phase).toBe("sending");
    expect(hook.result.current.streaming).toBe(true);
    await until(() => expect(hook.result.current.phase).toBe("settled"));
    expect(received.sends).toHaveLength(1);
    const [user, reply] = hook.result.current.messages;
    expect(user?.id).toBe(received.sends[0]?.message.id);
    expect(reply?.parts).toContainEqual(expect.objectContaining({ type: "text", text: "Once upon a time." }));
    expect(hook.result.current.draft).toBe("");
  });

  it("a finish that says where the message sits in the tree settles without reading the thread again", async () => {
    answers = ["branched"];
    const hook = render();
    await send(hook, "An edited question");
    await until(() => expect(hook.result.current.phase).toBe("settled"));
    await until(() => expect(hook.result.current.messages[0]?.metadata?.siblingIndex).toBe(1));
    expect(hook.result.current.messages[0]?.metadata?.siblingIds).toEqual(["earlier", received.sends[0]?.message.id]);
    expect(received.loads).toBe(0);
  });

  it("a refused send fails: the text goes back into the box with the server's reason, nothing stays on screen", async () => {
    answers = ["refuse"];
    const hook = render();
    await send(hook, "Too fast");
    await until(() => expect(hook.result.current.phase).toBe("failed"));
    expect(hook.result.current.draft).toBe("Too fast");
    expect(hook.result.current.composerError).toBe("Slow down.");
    expect(hook.result.current.messages).toEqual([]);
  });

  it("a send lost on the network is Not sent; Retry sends it again under the same id, once", async () => {
    answers = ["drop", "reply"];
    const hook = render();
    await send(hook, "Hello?");
    await until(() => expect(hook.result.current.phase).toBe("notSent"));
    const [unsent] = hook.result.current.messages;
    expect(unsent?.metadata?.unsent).toBeTruthy();
    // A new message waits until the one not sent is retried, so the thread keeps its order.
    act(() => hook.result.current.setDraft("Next"));
    act(() => {
      expect(hook.result.current.send()).toBe(false);
    });
    expect(hook.result.current.composerError).toMatch(/not been sent/);

    act(() => hook.result.current.messageActions.retrySend(unsent as ChatMessage));
    await until(() => expect(hook.result.current.phase).toBe("settled"));
    expect(received.sends.map((s) => s.message.id)).toEqual([unsent?.id, unsent?.id]);
    expect(hook.result.current.messages.map((m) => m.id)).toEqual([unsent?.id, "reply-2"]);
    expect(hook.result.current.messages[0]?.metadata?.unsent).toBeUndefined();
  });

  it("Stop freezes the reply as it was on screen and tells the server how much was visible", async () => {
    answers = ["hold"];
    const hook = render();
    await send(hook, "Tell me a long story");
    await until(() => expect(hook.result.current.phase).toBe("streaming"));
    await until(() => expect(hook.result.current.messages.at(-1)?.role).toBe("assistant"));
    await act(() => hook.result.current.stop());
    expect(hook.result.current.phase).toBe("stopped");
    expect(hook.result.current.streaming).toBe(false);
    expect(received.stops).toEqual([{ messageId: "reply-1", visibleChars: "Once upon".length }]);
    expect(hook.result.current.messages.at(-1)?.parts).toContainEqual(
      expect.objectContaining({ type: "text", text: "Once upon" }),
    );
  });

  it("a page rendered while a reply streamed resumes it; one that already ended settles and is reloaded", async () => {
    stored = [
      { id: "u1", role: "user", parts: [{ type: "text", text: "Hi" }] },
      {
        id: "r1",
        role: "assistant",
        parts: [{ type: "text", text: "Hello there." }],
        metadata: { status: "complete" },
      },
    ];
    const streaming: ChatMessage = { ...(stored[1] as ChatMessage), metadata: { status: "streaming" } };
    const hook = render([stored[0] as ChatMessage, { ...streaming, parts: [{ type: "text", text: "Hel" }] }]);
    expect(hook.result.current.phase).toBe("resuming");
    await until(() => expect(hook.result.current.phase).toBe("settled"));
    expect(received.resumes).toBe(1);
    await until(() => expect(hook.result.current.messages.at(-1)?.metadata?.status).toBe("complete"));
  });

  it("offline, a message waits as Not sent and goes by itself once the connection is back", async () => {
    const online = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(navigator), "onLine");
    Object.defineProperty(navigator, "onLine", { configurable: true, get: () => false });
    try {
      const hook = render();
      await send(hook, "Later");
      expect(hook.result.current.phase).toBe("notSent");
      expect(hook.result.current.messages[0]?.metadata?.unsent).toMatch(/offline/);
      expect(received.sends).toHaveLength(0);
      Object.defineProperty(navigator, "onLine", { configurable: true, get: () => true });
      act(() => {
        window.dispatchEvent(new Event("online"));
      });
      await until(() => expect(hook.result.current.phase).toBe("settled"));
      expect(received.sends.map((s) => s.message.id)).toEqual([hook.result.current.messages[0]?.id]);
    } finally {
      if (online) Object.defineProperty(Object.getPrototypeOf(navigator), "onLine", online);
      delete (navigator as { onLine?: boolean }).onLine;
    }
  });
});
