import { describe, expect, it } from "vitest";
import type { Message } from "../db/messages";
import { currentThread, exportFileName, toJson, toMarkdown } from "./conversation-export";

let seq = 0;
function msg(id: string, parentId: string | null, role: string, text: string, extra: Partial<Message> = {}): Message {
  seq += 1;
  return {
    id,
    conversationId: "c",
    authorId: null,
    role,
    content: text,
    parts: [{ type: "text", text }],
    toolCalls: null,
    toolOutputs: null,
    status: "complete",
    error: null,
    parentId,
    modelId: role === "assistant" ? "offline" : null,
    inputTokens: null,
    outputTokens: null,
    seq,
    createdAt: new Date(0),
    updatedAt: new Date(0),
    ...extra,
  } as Message;
}

const conversation = {
  id: "0d9c2f4e-0000-4000-8000-000000000000",
  title: "Trip: Lisbon & Porto!",
  modelId: null,
  systemPrompt: "Be brief.",
  createdAt: new Date(0),
  updatedAt: new Date(0),
};

describe("conversation export", () => {
  const messages = [
    msg("u1", null, "user", "First question"),
    msg("a1", "u1", "assistant", "First answer"),
    msg("u2", "a1", "user", "Old follow-up"),
    msg("a2", "u2", "assistant", "Old reply"),
    msg("u2b", "a1", "user", "Edited follow-up"),
    msg("a2b", "u2b", "assistant", "Partial", { status: "aborted" }),
  ];

  it("follows the branch of the newest message", () => {
    expect(currentThread(messages).map((m) => m.id)).toEqual(["u1", "a1", "u2b", "a2b"]);
  });

  it("writes the current thread as Markdown, noting a stopped reply", () => {
    const md = toMarkdown({ conversation, messages });
    expect(md).toMatch(/^# Trip: Lisbon & Porto!/);
    expect(md).toContain("> **System prompt:** Be brief.");
    expect(md).toContain("## You\n\nEdited follow-up");
    expect(md).toContain("## Assistant (offline)\n\nPartial");
    expect(md).toContain("_(stopped)_");
    expect(md).not.toContain("Old follow-up");
  });

  it("keeps every branch in JSON", () => {
    const json = JSON.parse(toJson({ conversation, messages }));
    expect(json.format).toBe("parley.conversation.v1");
    expect(json.messages.map((m: { id: string }) => m.id)).toEqual(["u1", "a1", "u2", "a2", "u2b", "a2b"]);
    expect(json.messages[4].parentId).toBe("a1");
  });

  it("names the file after the title, safely", () => {
    expect(exportFileName(conversation, "md")).toBe("trip-lisbon-porto.md");
    expect(exportFileName({ id: conversation.id, title: '"/../\u0000' }, "json")).toBe("conversation-0d9c2f4e.json");
  });
});

describe("attachments", () => {
  const parts = [
    { type: "text", text: "See the chart" },
    {
      type: "file",
      mediaType: "image/png",
      filename: "chart [v2].png",
      url: "/api/v1/files/f1/content",
      fileId: "f1",
      size: 1234,
    },
  ];
  const messages = [msg("u1", null, "user", "See the chart", { parts })];

  it("Markdown links each file", () => {
    expect(toMarkdown({ conversation, messages })).toContain(
      "- 📎 [chart \\[v2\\].png](/api/v1/files/f1/content) (image/png, 1234 bytes)",
    );
  });

  it("JSON carries each file's metadata", () => {
    const exported = JSON.parse(toJson({ conversation, messages }));
    expect(exported.messages[0].attachments).toEqual([
      { id: "f1", name: "chart [v2].png", mediaType: "image/png", size: 1234, url: "/api/v1/files/f1/content" },
    ]);
  });
});
