import { describe, expect, it, vi } from "vitest";
import type { UnsentMessage } from "../drafts";
import { SendMachine } from "../send-machine";
import type { ChatMessage } from "../types";
import type { ChatHandle } from "../use-lazy-chat";
import { reloadNewestPage } from "./reload-thread";
import { type ReplyStreamContext, replyStreamEvents } from "./reply-stream-events";

const text = (id: string, role: "user" | "assistant", body: string): ChatMessage => ({
  id,
  role,
  parts: [{ type: "text", text: body }],
});

/** A chat whose messages are a plain list, and a context that records what the handlers did. */
function harness(options: { sending: UnsentMessage | null; serverHas?: boolean; resyncAnswer?: ChatMessage[] | null }) {
  let messages: ChatMessage[] = [text("m1", "user", "Hi"), text("m2", "user", "Tell me a story")];
  const done: string[] = [];
  const chat = {
    get messages() {
      return messages;
    },
    setMessages: (next: ChatMessage[] | ((list: ChatMessage[]) => ChatMessage[])) => {
      messages = typeof next === "function" ? next(messages) : next;
    },
    resumeStream: async () => {
      done.push("resume");
    },
  } as unknown as ChatHandle;
  const context: ReplyStreamContext = {
    chat: () => chat,
    // A request in flight: the person's message (with `sending`), or a regenerate or a resume (without).
    machine: new SendMachine({ phase: "sending", outgoing: options.sending, error: null, disconnected: false }),
    serverHas: { current: options.serverHas ?? true },
    unsentKey: () => null,
    resync: async (leafId) => {
      done.push(`resync:${leafId ?? ""}`);
      return options.resyncAnswer ?? null;
    },
    setTitle: (title) => done.push(`title:${title}`),
    replied: () => done.push("replied"),
    named: () => done.push("named"),
    putBackDraft: (t) => done.push(`draft:${t}`),
    putBackFiles: (files) => done.push(`files:${files.map((f) => f.filename).join(",")}`),
    setComposerError: (m) => done.push(`error:${m}`),
    becomeNew: () => done.push("becomeNew"),
  };
  return { events: replyStreamEvents(context), context, done, messages: () => messages };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("replyStreamEvents", () => {
  it("a refused send puts the text back in the box and drops the optimistic copy", async () => {
    const h = harness({ sending: { id: "m2", text: "Tell me a story" } });
    const refused = Object.assign(new Error("429"), {
      statusCode: 429,
      responseBody: JSON.stringify({ error: { message: "Slow down." } }),
    });
    h.events.onError?.(refused);
    expect(h.done).toEqual(["draft:Tell me a story", "error:Slow down."]);
    expect(h.messages().map((m) => m.id)).toEqual(["m1"]);
    expect(h.context.machine.state).toEqual({
      phase: "failed",
      outgoing: null,
      error: "Slow down.",
      disconnected: false,
    });
  });

  it("a refused send with files puts the text and the files back in the composer", async () => {
    const files = [
      { type: "file" as const, mediaType: "image/png", filename: "cat.png", url: "/api/v1/files/f1/content" },
      { type: "file" as const, mediaType: "text/plain", filename: "notes.txt", url: "/api/v1/files/f2/content" },
    ];
    const h = harness({ sending: { id: "m2", text: "Look", files } });
    const refused = Object.assign(new Error("429"), {
      statusCode: 429,
      responseBody: JSON.stringify({ error: { message: "Slow down." } }),
    });
    h.events.onError?.(refused);
    expect(h.done).toEqual(["draft:Look", "files:cat.png,notes.txt", "error:Slow down."]);
    expect(h.messages().map((m) => m.id)).toEqual(["m1"]);
  });

  it("a send that may not have arrived is shown as not sent, and a new chat the server lacks becomes new", async () => {
    const h = harness({ sending: { id: "m2", text: "Tell me a story" }, serverHas: false, resyncAnswer: null });
    h.events.onError?.(new TypeError("Failed to fetch"));
    await settle();
    expect(h.messages().find((m) => m.id === "m2")?.metadata?.unsent).toBeTruthy();
    expect(h.done).toEqual(["resync:m2", "becomeNew"]);
    expect(h.context.machine.state).toMatchObject({ phase: "notSent", error: "The connection was lost." });
  });

  it("a send with files that may not have arrived is kept as not sent with its files", async () => {
    const files = [
      { type: "file" as const, mediaType: "image/png", filename: "cat.png", url: "/api/v1/files/f1/content" },
    ];
    const stored = new Map<string, string>();
    vi.stubGlobal("window", {
      localStorage: {
        setItem: (k: string, v: string) => stored.set(k, v),
        removeItem: (k: string) => stored.delete(k),
      },
    });
    try {
      const h = harness({ sending: { id: "m2", text: "Look", files }, serverHas: true, resyncAnswer: null });
      h.events.onError?.(new TypeError("Failed to fetch"));
      expect(JSON.parse(stored.get("parley:unsent:new") ?? "null")).toEqual({ id: "m2", text: "Look", files });
      await settle();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it("a send the server did get follows its reply, which is still streaming", async () => {
    const streaming: ChatMessage = { ...text("r1", "assistant", "Once"), metadata: { status: "streaming" } };
    const h = harness({ sending: { id: "m2", text: "x" }, serverHas: false, resyncAnswer: [streaming] });
    h.events.onError?.(new TypeError("Failed to fetch"));
    await settle();
    expect(h.done).toEqual(["resync:m2", "resume"]);
    expect(h.context.serverHas.current).toBe(true);
    expect(h.context.machine.state.phase).toBe("resuming");
  });

  it("a finished reply settles; a drop is recorded for a resume when the tab comes back", async () => {
    const reply = text("r1", "assistant", "Done");
    const finished = harness({ sending: { id: "m2", text: "x" }, resyncAnswer: [reply] });
    finished.events.onFinish?.({ message: reply, messages: [], isAbort: false, isDisconnect: false, isError: false });
    expect(finished.context.machine.state).toMatchObject({ phase: "settled", outgoing: null });
    await settle();
    // A finish without the stored branch (an older server, a replay): the thread is read again.
    expect(finished.done).toEqual(["replied", "resync:r1"]);

    const dropped = harness({ sending: null });
    dropped.events.onError?.(new TypeError("network error"));
    dropped.events.onFinish?.({ message: reply, messages: [], isAbort: false, isDisconnect: true, isError: true });
    expect(dropped.context.machine.state).toMatchObject({ phase: "failed", disconnected: true });
  });

  it("a finish that carries the stored branch updates the person's message in place: nothing is read again", async () => {
    const h = harness({ sending: { id: "m2", text: "Tell me a story" } });
    const reply: ChatMessage = {
      ...text("r1", "assistant", "Once"),
      metadata: { status: "complete", parentBranch: { id: "m2", siblingIds: ["m0", "m2"], siblingIndex: 1 } },
    };
    h.events.onFinish?.({ message: reply, messages: [], isAbort: false, isDisconnect: false, isError: false });
    await settle();
    expect(h.done).toEqual(["replied"]);
    expect(h.context.machine.state.phase).toBe("settled");
    expect(h.messages().find((m) => m.id === "m2")?.metadata).toMatchObject({
      siblingIds: ["m0", "m2"],
      siblingIndex: 1,
    });
  });

  it("names a new conversation from the stream's title", () => {
    const page = { title: "" };
    vi.stubGlobal("document", page);
    const h = harness({ sending: null });
    h.events.onData?.({ type: "data-title", data: { title: "Trip to Lisbon" } } as never);
    expect(h.done).toEqual(["title:Trip to Lisbon", "named"]);
    expect(page.title).toBe("Trip to Lisbon · Parley");
    vi.unstubAllGlobals();
  });
});

describe("reloadNewestPage", () => {
  it("asks for the page ending at the last message the server has, keeping a message not sent", async () => {
    const unsent: ChatMessage = { ...text("u1", "user", "Later"), metadata: { unsent: "offline" } };
    let shown: ChatMessage[] = [text("m1", "user", "Hi"), unsent];
    const asked: unknown[] = [];
    const page = await reloadNewestPage({
      actions: {
        loadThread: async (input) => {
          asked.push(input);
          return {
            ok: true,
            data: { messages: [text("m1", "user", "Hi"), text("r1", "assistant", "Hello")], hasMore: false },
          };
        },
        saveSettings: async () => ({ ok: true, data: null }),
        chooseBranch: async () => ({ ok: true, data: null }),
      },
      conversationId: "c1",
      shown,
      setMessages: (update) => {
        shown = update(shown);
      },
    });
    expect(asked).toEqual([{ conversationId: "c1", leafId: "m1" }]);
    expect(page?.map((m) => m.id)).toEqual(["m1", "r1"]);
    expect(shown.map((m) => m.id)).toEqual(["m1", "r1", "u1"]);
  });

  it("answers null when the server cannot be reached", async () => {
    const page = await reloadNewestPage({
      actions: {
        loadThread: async () => {
          throw new TypeError("Failed to fetch");
        },
        saveSettings: async () => ({ ok: true, data: null }),
        chooseBranch: async () => ({ ok: true, data: null }),
      },
      conversationId: "c1",
      shown: [],
      setMessages: () => {},
    });
    expect(page).toBeNull();
  });
});
