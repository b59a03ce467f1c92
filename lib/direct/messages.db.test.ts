import { describe, expect, it } from "vitest";
import { db } from "../db/client";
import {
  countUnreadDirectMessages,
  getDirectThread,
  listDirectThreads,
  sendDirectMessage,
  threadIdFor,
} from "./messages";

async function person(name: string) {
  const tag = `${name}${Math.random().toString(36).slice(2, 8)}`;
  return db.user.create({ data: { email: `${tag}@x.test`, username: tag, passwordHash: "x" } });
}

describe("direct messages", () => {
  it("keeps one thread per pair, tracks unread, and marks read on opening", async () => {
    const [ann, bob, cat] = await Promise.all([person("ann"), person("bob"), person("cat")]);
    const sent = [
      await sendDirectMessage({ senderId: ann.id, recipientUsername: bob.username, content: "hi bob" }),
      await sendDirectMessage({ senderId: bob.id, recipientUsername: ann.username, content: "hi ann" }),
      await sendDirectMessage({ senderId: ann.id, recipientUsername: bob.username, content: "how are you?" }),
      await sendDirectMessage({ senderId: cat.id, recipientUsername: bob.username, content: "psst" }),
    ];
    // Explicit times a second apart, instead of sleeping between sends.
    for (const [i, m] of sent.entries()) {
      await db.directMessage.update({
        where: { id: m.id },
        data: { createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)) },
      });
    }

    expect(threadIdFor(ann.id, bob.id)).toBe(threadIdFor(bob.id, ann.id));
    expect(await countUnreadDirectMessages(bob.id)).toBe(3);
    const threads = await listDirectThreads(bob.id);
    expect(threads.map((t) => [t.other.username, t.unread])).toEqual([
      [cat.username, 1],
      [ann.username, 2],
    ]);

    const thread = await getDirectThread({ userId: bob.id, otherUsername: ann.username });
    expect(thread.messages.map((m) => m.content)).toEqual(["hi bob", "hi ann", "how are you?"]);
    expect(await countUnreadDirectMessages(bob.id)).toBe(1);
    // Ann's view of the same thread does not mark Bob's messages to her as read by Bob.
    expect(await countUnreadDirectMessages(ann.id)).toBe(1);
  });

  it("never shows a third person someone else's thread", async () => {
    const [ann, bob, eve] = await Promise.all([person("ann"), person("bob"), person("eve")]);
    await sendDirectMessage({ senderId: ann.id, recipientUsername: bob.username, content: "secret" });
    const evesView = await getDirectThread({ userId: eve.id, otherUsername: bob.username });
    expect(evesView.messages).toEqual([]);
    expect(await listDirectThreads(eve.id)).toEqual([]);
  });

  it("refuses empty, oversized, self-addressed and unknown-recipient messages", async () => {
    const ann = await person("ann");
    const bob = await person("bob");
    await expect(
      sendDirectMessage({ senderId: ann.id, recipientUsername: bob.username, content: "   " }),
    ).rejects.toMatchObject({
      kind: "validation",
    });
    await expect(
      sendDirectMessage({ senderId: ann.id, recipientUsername: bob.username, content: "x".repeat(4001) }),
    ).rejects.toMatchObject({ kind: "validation" });
    await expect(
      sendDirectMessage({ senderId: ann.id, recipientUsername: ann.username, content: "me" }),
    ).rejects.toMatchObject({
      kind: "validation",
    });
    await expect(
      sendDirectMessage({ senderId: ann.id, recipientUsername: "nobody-here", content: "hi" }),
    ).rejects.toMatchObject({
      kind: "not_found",
    });
  });

  it("pages back through a long thread", async () => {
    const [ann, bob] = await Promise.all([person("ann"), person("bob")]);
    // Explicit times, one second apart: the order never depends on two sends landing in different milliseconds.
    const base = Date.UTC(2026, 0, 1);
    for (let i = 0; i < 7; i++) {
      const m = await sendDirectMessage({ senderId: ann.id, recipientUsername: bob.username, content: `m${i}` });
      await db.directMessage.update({ where: { id: m.id }, data: { createdAt: new Date(base + i * 1000) } });
    }
    const first = await getDirectThread({ userId: bob.id, otherUsername: ann.username, limit: 5 });
    expect(first.messages.map((m) => m.content)).toEqual(["m2", "m3", "m4", "m5", "m6"]);
    expect(first.hasMore).toBe(true);
    const older = await getDirectThread({
      userId: bob.id,
      otherUsername: ann.username,
      limit: 5,
      beforeId: first.messages[0]!.id,
    });
    expect(older.messages.map((m) => m.content)).toEqual(["m0", "m1"]);
    expect(older.hasMore).toBe(false);
  });
});
