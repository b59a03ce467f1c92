import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestUser } from "@/test/factories";
import { readChunks } from "@/test/streams";
import { db } from "../db/client";
import {
  getConversation,
  moveConversationToTrash,
  setCurrentLeaf,
  touchConversation,
  updateConversation,
} from "../db/conversations";
import { getMessage, getThread } from "../db/messages";
import { isAppError } from "../errors";
import { stopReply } from "./control";
import { startReply } from "./generate";
import { cutToVisible, keepVisibleText } from "./visible-reply";

beforeAll(() => {
  process.env.PARLEY_MODELS = "offline";
  process.env.OPENAI_API_KEY = "";
  process.env.OPENAI_BASE_URL = "";
  process.env.PARLEY_OFFLINE_DELAY_MS = "1";
});

async function exchange(userId: string, conversationId: string, text: string, parentId: string | null) {
  const handle = await startReply({ userId, conversationId, userMessage: { id: randomUUID(), text, parentId } });
  await readChunks(handle.stream);
  await handle.done;
  return handle.assistantMessageId;
}

describe("a conversation's life around new messages", () => {
  it("refuses a message into a trashed conversation with a clear error and stores nothing", async () => {
    const user = await createTestUser();
    const id = randomUUID();
    const first = await exchange(user.id, id, "hello", null);
    await moveConversationToTrash({ id, userId: user.id });
    const before = await db.message.count({ where: { conversationId: id } });

    const refused = await startReply({
      userId: user.id,
      conversationId: id,
      userMessage: { id: randomUUID(), text: "into the bin", parentId: null },
    }).catch((error: unknown) => error);
    expect(isAppError(refused) && refused.code).toBe("conflict:conversation_trashed");
    expect(isAppError(refused) && refused.message).toMatch(/in the trash/);
    const followUp = await startReply({
      userId: user.id,
      conversationId: id,
      userMessage: { id: randomUUID(), text: "a follow-up", parentId: first },
    }).catch((error: unknown) => error);
    expect(isAppError(followUp) && followUp.code).toBe("conflict:conversation_trashed");
    expect(await db.message.count({ where: { conversationId: id } })).toBe(before);
    const stranger = await createTestUser();
    const notTheirs = await startReply({
      userId: stranger.id,
      conversationId: id,
      userMessage: { id: randomUUID(), text: "hello?", parentId: first },
    }).catch((error: unknown) => error);
    expect(isAppError(notTheirs) && notTheirs.code).toBe("not_found:conversation");
  });

  it("brings an archived conversation back when a message is sent into it", async () => {
    const user = await createTestUser();
    const id = randomUUID();
    const first = await exchange(user.id, id, "hello", null);
    await updateConversation({ id, userId: user.id, patch: { archived: true } });
    await touchConversation({ id, userId: user.id });
    expect((await getConversation({ id, userId: user.id }))?.archived).toBe(true);
    await exchange(user.id, id, "still there?", first);
    expect((await getConversation({ id, userId: user.id }))?.archived).toBe(false);
  });

  it("keeps the chosen branch for every later load, until a new message is sent", async () => {
    const user = await createTestUser();
    const id = randomUUID();
    const a1 = await exchange(user.id, id, "first version", null);
    const a1Row = await getMessage({ id: a1, userId: user.id });
    const a2 = await exchange(user.id, id, "second version", null);
    expect((await getThread({ conversationId: id, userId: user.id })).messages.at(-1)?.id).toBe(a2);

    await setCurrentLeaf({ id, userId: user.id, messageId: a1Row?.parentId as string });
    // The end of a reply touches the conversation; a choice made just before must survive that.
    await touchConversation({ id, userId: user.id });
    const reloaded = await getThread({ conversationId: id, userId: user.id });
    expect(reloaded.messages.map((m) => m.id)).toEqual([a1Row?.parentId, a1]);
    expect(reloaded.messages[0]).toMatchObject({ siblingIndex: 0 });

    const followUp = await exchange(user.id, id, "a follow-up on the first", a1);
    expect((await getThread({ conversationId: id, userId: user.id })).messages.at(-1)?.id).toBe(followUp);
    const a3 = await exchange(user.id, id, "third version", null);
    expect((await getThread({ conversationId: id, userId: user.id })).messages.at(-1)?.id).toBe(a3);
  });

  it("refuses to choose a branch in someone else's conversation", async () => {
    const owner = await createTestUser();
    const other = await createTestUser();
    const id = randomUUID();
    const reply = await exchange(owner.id, id, "mine", null);
    const refused = await setCurrentLeaf({ id, userId: other.id, messageId: reply }).catch((e: unknown) => e);
    expect(isAppError(refused) && refused.code).toBe("not_found:message");
    expect((await db.conversation.findUnique({ where: { id } }))?.currentLeafId).toBeNull();
  });
});

describe("the reply kept after Stop is the one the person saw", () => {
  it("cuts the text at what was on screen and drops what came after", () => {
    const parts = [
      { type: "step-start" },
      { type: "text", text: "Hello " },
      { type: "tool-calculator", toolCallId: "t", state: "output-available" },
      { type: "text", text: "world, and more" },
    ];
    expect(cutToVisible(parts, 11)).toEqual([
      { type: "step-start" },
      { type: "text", text: "Hello " },
      { type: "tool-calculator", toolCallId: "t", state: "output-available" },
      { type: "text", text: "world" },
    ]);
    expect(cutToVisible(parts, 6)).toEqual([{ type: "step-start" }, { type: "text", text: "Hello " }]);
    expect(cutToVisible(parts, 1000)).toEqual(parts);
  });

  it("stores a stopped reply shortened to the visible length, even one that ended while Stop was on its way", async () => {
    process.env.PARLEY_OFFLINE_DELAY_MS = "20";
    const user = await createTestUser();
    const id = randomUUID();
    const words = Array.from({ length: 60 }, (_, i) => `word${i}`).join(" ");
    const handle = await startReply({
      userId: user.id,
      conversationId: id,
      userMessage: { id: randomUUID(), text: words, parentId: null },
    });
    const reader = handle.stream.getReader();
    let seen = "";
    while (seen.length < 40) {
      const { value } = await reader.read();
      if (value?.type === "text-delta") seen += value.delta;
    }
    void reader.cancel();
    const stopped = await stopReply({ conversationId: id, userId: user.id });
    expect(stopped?.status).toBe("aborted");
    const stored = await getMessage({ id: handle.assistantMessageId, userId: user.id });
    expect(stored?.content.length).toBeGreaterThan(20);

    await keepVisibleText({ messageId: handle.assistantMessageId, userId: user.id, visibleChars: 20 });
    const cut = await getMessage({ id: handle.assistantMessageId, userId: user.id });
    expect(cut?.content).toBe(stored?.content.slice(0, 20));
    expect(cut?.status).toBe("aborted");

    process.env.PARLEY_OFFLINE_DELAY_MS = "1";
    const done = await exchange(user.id, randomUUID(), "short", null);
    const whole = await getMessage({ id: done, userId: user.id });
    await keepVisibleText({ messageId: done, userId: user.id, visibleChars: 10_000 });
    expect(await getMessage({ id: done, userId: user.id })).toMatchObject({
      content: whole?.content,
      status: "complete",
    });
    await keepVisibleText({ messageId: done, userId: user.id, visibleChars: 3 });
    expect(await getMessage({ id: done, userId: user.id })).toMatchObject({
      content: whole?.content.slice(0, 3),
      status: "aborted",
    });
    const stranger = await createTestUser();
    await keepVisibleText({ messageId: handle.assistantMessageId, userId: stranger.id, visibleChars: 0 });
    expect((await getMessage({ id: handle.assistantMessageId, userId: user.id }))?.content).toHaveLength(20);
  });

  it("leaves alone a reply that ended long before the Stop (a stale screen), and failed replies", async () => {
    process.env.PARLEY_OFFLINE_DELAY_MS = "1";
    const user = await createTestUser();
    const old = await exchange(user.id, randomUUID(), "an answer stored in full an hour ago", null);
    await db.message.update({ where: { id: old }, data: { updatedAt: new Date(Date.now() - 60 * 60_000) } });
    const whole = await getMessage({ id: old, userId: user.id });
    await keepVisibleText({ messageId: old, userId: user.id, visibleChars: 0 });
    expect(await getMessage({ id: old, userId: user.id })).toMatchObject({
      content: whole?.content,
      status: "complete",
    });

    const failed = await exchange(user.id, randomUUID(), "this one fails", null);
    await db.message.update({ where: { id: failed }, data: { status: "error", error: "boom" } });
    const before = await getMessage({ id: failed, userId: user.id });
    await keepVisibleText({ messageId: failed, userId: user.id, visibleChars: 0 });
    expect((await getMessage({ id: failed, userId: user.id }))?.content).toBe(before?.content);
  });
});
