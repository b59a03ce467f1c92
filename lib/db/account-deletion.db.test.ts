import { describe, expect, it } from "vitest";
import { getDirectThread, listDirectThreads, sendDirectMessage, threadIdFor } from "../direct/messages";
import { AppError } from "../errors";
import { db } from "./client";
import { deleteUser } from "./users";

async function person(name: string) {
  const tag = `${name}${Math.random().toString(36).slice(2, 8)}`;
  return db.user.create({ data: { email: `${tag}@x.test`, username: tag, passwordHash: "x" } });
}

describe("deleting an account deletes only that account's data", () => {
  it("keeps the direct messages others exchanged with it, from and to a deleted user", async () => {
    const [ann, bob, cat] = await Promise.all([person("ann"), person("bob"), person("cat")]);
    await sendDirectMessage({ senderId: ann.id, recipientUsername: bob.username, content: "lunch tomorrow?" });
    await sendDirectMessage({ senderId: bob.id, recipientUsername: ann.username, content: "yes, noon" });
    await sendDirectMessage({ senderId: cat.id, recipientUsername: bob.username, content: "bye" });

    expect(await deleteUser(bob.id)).toBe(true);

    const [thread] = await listDirectThreads(ann.id);
    expect(thread?.other).toMatchObject({ id: null, username: "deleted user", deleted: true });
    expect(thread?.lastMessage).toMatchObject({ content: "yes, noon", fromMe: false });
    const opened = await getDirectThread({ userId: ann.id, otherUsername: `~${threadIdFor(ann.id, bob.id)}` });
    expect(opened.other.deleted).toBe(true);
    expect(opened.messages.map((m) => [m.content, m.senderId === ann.id])).toEqual([
      ["lunch tomorrow?", true],
      ["yes, noon", false],
    ]);
    expect((await listDirectThreads(cat.id)).map((t) => t.lastMessage.content)).toEqual(["bye"]);
    // Nobody else can open the thread by its id.
    await expect(
      getDirectThread({ userId: cat.id, otherUsername: `~${threadIdFor(ann.id, bob.id)}` }),
    ).rejects.toBeInstanceOf(AppError);
  });

  it("removes a thread once both people in it are deleted", async () => {
    const [dan, eve] = await Promise.all([person("dan"), person("eve")]);
    await sendDirectMessage({ senderId: dan.id, recipientUsername: eve.username, content: "hello" });
    await deleteUser(dan.id);
    expect(await db.directMessage.count({ where: { threadId: threadIdFor(dan.id, eve.id) } })).toBe(1);
    await deleteUser(eve.id);
    expect(await db.directMessage.count({ where: { threadId: threadIdFor(dan.id, eve.id) } })).toBe(0);
  });
});
