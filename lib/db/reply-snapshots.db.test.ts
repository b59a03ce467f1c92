// saveReplySnapshots: one raw UPDATE for many streaming replies, against each dialect's real driver.
import { describe, expect, it } from "vitest";
import { addMessage, createTestUser } from "@/test/factories";
import type { MessagePart } from "../message-types";
import { createConversation } from "./conversations";
import { findStaleReplies, getMessage } from "./messages";
import { saveReplySnapshots } from "./reply-snapshots";

async function streamingReplies(count: number) {
  const user = await createTestUser("snap");
  const conversation = await createConversation({ userId: user.id, title: "snapshots" });
  const question = await addMessage(conversation, { role: "user", text: "q", parentId: null });
  const replies = [];
  for (let i = 0; i < count; i++) {
    replies.push(
      await addMessage(conversation, { role: "assistant", text: "", parentId: question.id, status: "streaming" }),
    );
  }
  return { user, replies };
}

// Text a byte-level slip would change: multi-byte UTF-8, JSON and SQL quoting, a NUL-free control character.
const tricky = `Grüße 日本語 👩‍💻 "quoted" 'single' back\\slash\n\ttab % _ ?$1 ${"x".repeat(3000)}`;

describe("saveReplySnapshots", () => {
  it("stores each reply's parts and text byte for byte, and renews every heartbeat, in one call", async () => {
    const { user, replies } = await streamingReplies(3);
    const [a, b, c] = replies as [(typeof replies)[0], (typeof replies)[0], (typeof replies)[0]];
    const partsA: MessagePart[] = [{ type: "text", text: tricky }];
    const partsB: MessagePart[] = [{ type: "reasoning", text: "hmm" } as MessagePart, { type: "text", text: "b" }];
    const now = new Date(Date.now() + 60_000);
    await saveReplySnapshots(
      [
        { id: a.id, parts: partsA, content: tricky },
        { id: b.id, parts: partsB, content: "b" },
        { id: c.id, parts: null, content: null },
      ],
      now,
    );
    const [storedA, storedB, storedC] = await Promise.all(
      [a, b, c].map((m) => getMessage({ id: m.id, userId: user.id })),
    );
    expect(storedA).toMatchObject({ content: tricky, parts: partsA, status: "streaming" });
    expect(storedB).toMatchObject({ content: "b", parts: partsB });
    // A heartbeat alone leaves the text as it was.
    expect(storedC).toMatchObject({ content: "", parts: c.parts });
    for (const stored of [storedA, storedB, storedC]) expect(stored?.updatedAt.getTime()).toBe(now.getTime());
    // The reaper's query reads the renewed heartbeat.
    const stale = await findStaleReplies({ before: new Date(now.getTime() - 1), limit: 1000 });
    expect(stale).not.toContain(a.id);
    expect(await findStaleReplies({ before: new Date(now.getTime() + 1), limit: 1000 })).toEqual(
      expect.arrayContaining([a.id, b.id, c.id]),
    );
  });

  it("leaves replies that are no longer streaming alone (their final state is stored)", async () => {
    const { user, replies } = await streamingReplies(1);
    const done = await addMessage(
      { id: replies[0]?.conversationId as string, userId: user.id },
      {
        role: "assistant",
        text: "final",
        parentId: null,
        status: "complete",
      },
    );
    await saveReplySnapshots([{ id: done.id, parts: [{ type: "text", text: "late" }], content: "late" }]);
    expect(await getMessage({ id: done.id, userId: user.id })).toMatchObject({ content: "final", status: "complete" });
  });

  it("writes more replies than fit in one statement", async () => {
    const { user, replies } = await streamingReplies(130);
    await saveReplySnapshots(
      replies.map((m, i) => ({ id: m.id, parts: [{ type: "text", text: `r${i}` }], content: `r${i}` })),
    );
    const stored = await Promise.all(replies.map((m) => getMessage({ id: m.id, userId: user.id })));
    expect(stored.map((m) => m?.content)).toEqual(replies.map((_, i) => `r${i}`));
  });
});
