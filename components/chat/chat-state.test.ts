import { describe, expect, it } from "vitest";
import {
  clearUnsent,
  describeApiError,
  markUnsent,
  mergeKeepingUnsent,
  mergeNewest,
  SendTimeoutError,
  unsentMessages,
} from "./chat-state";
import { draftKey, readDraft, writeDraft } from "./drafts";
import type { ChatMessage } from "./types";

const apiError = (statusCode: number, responseBody: string) =>
  Object.assign(new Error(responseBody), { statusCode, responseBody });

const m = (id: string, text = id): ChatMessage => ({
  id,
  role: "user",
  parts: [{ type: "text", text }],
  metadata: { status: "complete" },
});

describe("describeApiError", () => {
  it("shows the API's own message for a refused request", () => {
    const body = JSON.stringify({ error: { code: "rate_limited", message: "You are sending messages too fast." } });
    expect(describeApiError(apiError(429, body))).toEqual({
      message: "You are sending messages too fast.",
      refused: true,
    });
  });

  it("falls back to a plain explanation when the body is not the JSON error shape", () => {
    expect(describeApiError(apiError(413, "<html>too big</html>"))).toEqual({
      message: "That message is too long.",
      refused: true,
    });
  });

  it("treats an error without a status as a failed stream, not a refusal", () => {
    expect(describeApiError(new Error("network down"))).toEqual({ message: "network down", refused: false });
  });
});

describe("mergeNewest", () => {
  it("keeps earlier pages that are still on screen", () => {
    const current = [m("a"), m("b"), m("c")];
    expect(mergeNewest(current, [m("b"), m("c"), m("d")]).map((x) => x.id)).toEqual(["a", "b", "c", "d"]);
  });

  it("reuses unchanged message objects so their components do not render again", () => {
    const current = [m("a"), m("b")];
    const merged = mergeNewest(current, [m("a"), m("b", "edited"), m("c")]);
    expect(merged[0]).toBe(current[0]);
    expect(merged[1]).not.toBe(current[1]);
    expect(merged[1]?.parts).toEqual([{ type: "text", text: "edited" }]);
  });

  it("replaces the list when the newest page belongs to another branch", () => {
    expect(mergeNewest([m("a"), m("b")], [m("x"), m("y")]).map((x) => x.id)).toEqual(["x", "y"]);
  });
});

describe("failed sends", () => {
  it("leaves a message to retry after a 5xx, a lost connection or a timeout, and refuses only on 4xx", () => {
    expect(describeApiError(apiError(502, ""))).toEqual({
      message: "The server had a problem (HTTP 502).",
      refused: false,
    });
    expect(describeApiError(new TypeError("Failed to fetch"))).toEqual({
      message: "The connection was lost.",
      refused: false,
    });
    expect(describeApiError(new SendTimeoutError())).toEqual({
      message: "The server took too long to answer.",
      refused: false,
    });
    expect(describeApiError(apiError(404, "")).refused).toBe(true);
  });

  it("marks the message as not sent and drops the reply that started after it", () => {
    const reply: ChatMessage = { id: "r", role: "assistant", parts: [{ type: "text", text: "par" }] };
    const marked = markUnsent([m("a"), m("b"), reply], "b", "The connection was lost.");
    expect(marked.map((x) => x.id)).toEqual(["a", "b"]);
    expect(marked[1]?.metadata).toMatchObject({ status: "complete", unsent: "The connection was lost." });
    expect(unsentMessages(marked).map((x) => x.id)).toEqual(["b"]);
    expect(clearUnsent(marked[1] as ChatMessage).metadata).toEqual({ status: "complete" });
    expect(markUnsent([m("a")], "nope", "x")).toEqual([m("a")]);
  });

  it("keeps a message the server does not have through a reload of the thread, and forgets it once it arrived", () => {
    const current = markUnsent([m("a"), m("b")], "b", "lost");
    const kept = mergeKeepingUnsent(current, [m("a")]);
    expect(kept.map((x) => [x.id, x.metadata?.unsent])).toEqual([
      ["a", undefined],
      ["b", "lost"],
    ]);
    const arrived = mergeKeepingUnsent(current, [m("a"), m("b")]);
    expect(arrived.map((x) => [x.id, x.metadata?.unsent])).toEqual([
      ["a", undefined],
      ["b", undefined],
    ]);
    expect(mergeKeepingUnsent(markUnsent([m("first")], "first", "lost"), [])).toHaveLength(1);
  });
});

describe("drafts", () => {
  it("keeps one draft per conversation, one for the new chat, and forgets an emptied one", () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
      removeItem: (k: string) => void store.delete(k),
    };
    writeDraft("c1", "half a thought", storage);
    writeDraft(null, "for a new chat", storage);
    expect(readDraft("c1", storage)).toBe("half a thought");
    expect(readDraft("c2", storage)).toBe("");
    expect(readDraft(null, storage)).toBe("for a new chat");
    expect(draftKey(null)).not.toBe(draftKey("c1"));
    writeDraft("c1", "   ", storage);
    expect(store.has(draftKey("c1"))).toBe(false);
    const broken = {
      getItem: () => {
        throw new Error("denied");
      },
      setItem: () => {
        throw new Error("full");
      },
      removeItem: () => {},
    };
    expect(() => writeDraft("c1", "x", broken)).not.toThrow();
    expect(readDraft("c1", broken)).toBe("");
  });
});
