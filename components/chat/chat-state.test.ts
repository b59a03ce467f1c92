import { describe, expect, it } from "vitest";
import { describeApiError, mergeNewest } from "./chat-state";
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
    expect(describeApiError(apiError(502, "")).message).toBe("The message could not be sent (HTTP 502).");
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
