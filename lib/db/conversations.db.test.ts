import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { addMessage, createTestUser } from "@/test/factories";
import { db } from "./client";
import {
  createConversation,
  deleteConversationPermanently,
  emptyTrash,
  getConversation,
  getOrCreateConversation,
  listConversations,
  moveConversationToTrash,
  restoreConversation,
  setTitleIfEmpty,
  touchConversation,
  updateConversation,
} from "./conversations";

async function seed(userId: string, count: number) {
  const base = Date.UTC(2026, 0, 1);
  await db.conversation.createMany({
    data: Array.from({ length: count }, (_, i) => ({
      id: randomUUID(),
      userId,
      title: `Chat ${i}`,
      // Pairs share a timestamp so the id tiebreak is exercised.
      updatedAt: new Date(base + Math.floor(i / 2) * 1000),
    })),
  });
}

describe("conversations", () => {
  it("pages through every conversation exactly once, pinned first then newest", async () => {
    const user = await createTestUser();
    await seed(user.id, 57);
    const all = await db.conversation.findMany({ where: { userId: user.id } });
    await updateConversation({ id: all[3]!.id, userId: user.id, patch: { pinned: true } });
    await updateConversation({ id: all[40]!.id, userId: user.id, patch: { pinned: true } });

    const seen: string[] = [];
    const pinnedFlags: boolean[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await listConversations({ userId: user.id, cursor, limit: 10 });
      seen.push(...page.items.map((c) => c.id));
      pinnedFlags.push(...page.items.map((c) => c.pinned));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(6);
    expect(seen).toHaveLength(57);
    expect(new Set(seen).size).toBe(57);
    expect(pinnedFlags.slice(0, 2)).toEqual([true, true]);
    expect(pinnedFlags.slice(2).every((p) => !p)).toBe(true);
    const unpinned = await db.conversation.findMany({
      where: { id: { in: seen.slice(2) } },
      select: { id: true, updatedAt: true },
    });
    const time = new Map(unpinned.map((c) => [c.id, c.updatedAt.getTime()]));
    const times = seen.slice(2).map((id) => time.get(id)!);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it("never shows another user's conversations and refuses to touch them", async () => {
    const alice = await createTestUser("alice");
    const bob = await createTestUser("bob");
    const convo = await createConversation({ userId: alice.id, title: "Secret plans" });
    expect(await getConversation({ id: convo.id, userId: bob.id })).toBeNull();
    expect((await listConversations({ userId: bob.id })).items).toEqual([]);
    await expect(updateConversation({ id: convo.id, userId: bob.id, patch: { title: "x" } })).rejects.toMatchObject({
      code: "not_found:conversation",
    });
    await expect(moveConversationToTrash({ id: convo.id, userId: bob.id })).rejects.toMatchObject({ status: 404 });
    await expect(deleteConversationPermanently({ id: convo.id, userId: bob.id })).rejects.toMatchObject({
      status: 404,
    });
    await expect(getOrCreateConversation({ id: convo.id, userId: bob.id })).rejects.toMatchObject({ status: 404 });
    expect(await emptyTrash({ userId: bob.id })).toBe(0);
    expect((await getConversation({ id: convo.id, userId: alice.id }))?.title).toBe("Secret plans");
  });

  it("finds conversations by title or message text, case-insensitively", async () => {
    const user = await createTestUser();
    const a = await createConversation({ userId: user.id, title: "Banana bread" });
    const b = await createConversation({ userId: user.id, title: "Other" });
    await createConversation({ userId: user.id, title: "Nothing" });
    await addMessage(b, { role: "user", text: "How do I grow BANANAS?", parentId: null });
    const found = await listConversations({ userId: user.id, q: "banana" });
    expect(found.items.map((c) => c.id).sort()).toEqual([a.id, b.id].sort());
  });

  it("archives, trashes, restores and empties the trash", async () => {
    const user = await createTestUser();
    const a = await createConversation({ userId: user.id, title: "A" });
    const b = await createConversation({ userId: user.id, title: "B" });
    const c = await createConversation({ userId: user.id, title: "C" });
    await updateConversation({ id: a.id, userId: user.id, patch: { archived: true } });
    await moveConversationToTrash({ id: b.id, userId: user.id });
    expect((await listConversations({ userId: user.id })).items.map((x) => x.id)).toEqual([c.id]);
    expect((await listConversations({ userId: user.id, archived: true })).items.map((x) => x.id)).toEqual([a.id]);
    expect((await listConversations({ userId: user.id, trashed: true })).items.map((x) => x.id)).toEqual([b.id]);
    expect(await getConversation({ id: b.id, userId: user.id })).toBeNull();
    expect(await getConversation({ id: b.id, userId: user.id, includeTrashed: true })).not.toBeNull();
    await restoreConversation({ id: b.id, userId: user.id });
    expect(await getConversation({ id: b.id, userId: user.id })).not.toBeNull();
    await moveConversationToTrash({ id: b.id, userId: user.id });
    await moveConversationToTrash({ id: c.id, userId: user.id });
    expect(await emptyTrash({ userId: user.id })).toBe(2);
    expect(await db.conversation.count({ where: { userId: user.id } })).toBe(1);
  });

  it("moves a touched conversation to the top and keeps a person's title over a generated one", async () => {
    const user = await createTestUser();
    const old = await createConversation({ userId: user.id });
    await clockPast(old.updatedAt);
    const newer = await createConversation({ userId: user.id });
    expect((await listConversations({ userId: user.id })).items[0]?.id).toBe(newer.id);
    await clockPast(newer.updatedAt);
    await touchConversation({ id: old.id, userId: user.id });
    expect((await listConversations({ userId: user.id })).items[0]?.id).toBe(old.id);
    expect(await setTitleIfEmpty({ id: old.id, userId: user.id, title: "Generated" })).toBe(true);
    await updateConversation({ id: old.id, userId: user.id, patch: { title: "Mine" } });
    expect(await setTitleIfEmpty({ id: old.id, userId: user.id, title: "Generated again" })).toBe(false);
    expect((await getConversation({ id: old.id, userId: user.id }))?.title).toBe("Mine");
  });

  it("creates a conversation once when ten requests race for a new id, and rejects a bad cursor", async () => {
    const user = await createTestUser();
    const id = randomUUID();
    const results = await Promise.all(
      Array.from({ length: 10 }, () => getOrCreateConversation({ id, userId: user.id })),
    );
    expect(new Set(results.map((r) => r.id))).toEqual(new Set([id]));
    expect(await db.conversation.count({ where: { id } })).toBe(1);
    await expect(listConversations({ userId: user.id, cursor: "garbage" })).rejects.toMatchObject({ status: 400 });
  });
});

/** Waits until the clock has passed `at`, so that the next write's timestamp is later (ordering is by time). */
async function clockPast(at: Date) {
  while (Date.now() <= at.getTime()) await new Promise((resolve) => setTimeout(resolve, 1));
}
