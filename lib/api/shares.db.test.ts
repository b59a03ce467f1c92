import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { attachmentLimits } from "@/lib/attachments/limits";
import { attachmentPart } from "@/lib/attachments/parts";
import { createAttachment } from "@/lib/db/attachments";
import { db } from "@/lib/db/client";
import { createConversation, moveConversationToTrash, setCurrentLeaf } from "@/lib/db/conversations";
import {
  COPIES_PER_HOUR,
  copySharedConversation,
  createSharedLink,
  deleteSharedLink,
  getSharedImage,
  listSharedLinksOrFirstPage,
  SHARES_PER_HOUR,
  viewSharedLink,
} from "@/lib/db/shared-links";
import { deleteUser } from "@/lib/db/users";
import { type ApiUser, apiUser, call, keyFor } from "@/test/api";
import { addMessage } from "@/test/factories";

let alice: ApiUser;
let conversationId: string;
const ids: Record<string, string> = {};

/** user "q1" → assistant "a1" → user "q2" → assistant "a2", plus "a1b", a regenerated sibling of "a1". */
async function thread() {
  const c = (await createConversation({ userId: alice.id, title: "Trip to Lisbon" })).id;
  const say = async (name: string, parentId: string | null) => {
    ids[name] = randomUUID();
    await addMessage({ id: c, userId: alice.id }, { id: ids[name], role: "user", text: name, parentId });
  };
  const answer = async (name: string, parentId: string) => {
    ids[name] = randomUUID();
    await addMessage(
      { id: c, userId: alice.id },
      {
        id: ids[name],
        role: "assistant",
        text: name,
        parts: [{ type: "text", text: `**${name}**` }],
        parentId,
        status: "complete",
      },
    );
  };
  await say("q1", null);
  await answer("a1", ids.q1 as string);
  await say("q2", ids.a1 as string);
  await answer("a2", ids.q2 as string);
  await answer("a1b", ids.q1 as string);
  return c;
}

const tokenOf = (url: string) => new URL(url).pathname.split("/").at(-1) as string;
const texts = (messages: { parts: Record<string, unknown>[] }[]) => messages.map((m) => m.parts[0]?.text);

beforeEach(async () => {
  alice = await apiUser();
  conversationId = await thread();
});

describe("POST /conversations/{id}/shares", () => {
  it("snapshots the branch up to the given message, and later messages never show", async () => {
    const created = await call("POST", `/conversations/${conversationId}/shares`, {
      key: alice.key,
      body: { message_id: ids.a2 },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      object: "share",
      conversation_id: conversationId,
      message_count: 4,
      views: 0,
    });
    expect(created.json.url).toMatch(/^https?:\/\/[^/]+\/share\/[A-Za-z0-9_-]{43}$/);
    const token = tokenOf(created.json.url);

    // More messages after the snapshot: a new reply on the same branch and an edit of the first question.
    const later = randomUUID();
    await addMessage(
      { id: conversationId, userId: alice.id },
      { id: later, role: "user", text: "LATER", parentId: ids.a2 as string },
    );
    await db.message.updateMany({ where: { id: ids.a2 }, data: { content: "changed" } });

    const snapshot = await viewSharedLink(token);
    expect(snapshot?.title).toBe("Trip to Lisbon");
    expect(texts(snapshot?.messages ?? [])).toEqual(["q1", "**a1**", "q2", "**a2**"]);
    expect(JSON.stringify(snapshot)).not.toContain("LATER");
  });

  it("shares the branch on screen: a sibling reply gives that branch only", async () => {
    const created = await call("POST", `/conversations/${conversationId}/shares`, {
      key: alice.key,
      body: { message_id: ids.a1b },
    });
    const snapshot = await viewSharedLink(tokenOf(created.json.url));
    expect(texts(snapshot?.messages ?? [])).toEqual(["q1", "**a1b**"]);
  });

  it("takes the newest message when none is given, and refuses an empty conversation", async () => {
    const created = await call("POST", `/conversations/${conversationId}/shares`, { key: alice.key, body: {} });
    expect(texts((await viewSharedLink(tokenOf(created.json.url)))?.messages ?? [])).toEqual(["q1", "**a1b**"]);
    const empty = await createConversation({ userId: alice.id });
    const refused = await call("POST", `/conversations/${empty.id}/shares`, { key: alice.key, body: {} });
    expect(refused.status).toBe(422);
    expect(refused.json.error.message).toMatch(/nothing to share/);
    expect(await db.sharedLink.count({ where: { conversationId: empty.id } })).toBe(0);
  });

  it("without a message, shares the branch the person chose last, not the newest message", async () => {
    // The newest message is "a1b"; the person switched back to the first answer's branch (q1 → a1 → q2 → a2).
    await setCurrentLeaf({ id: conversationId, userId: alice.id, messageId: ids.a1 as string });
    const created = await call("POST", `/conversations/${conversationId}/shares`, { key: alice.key, body: {} });
    expect(created.status).toBe(201);
    const snapshot = await viewSharedLink(tokenOf(created.json.url));
    expect(texts(snapshot?.messages ?? [])).toEqual(["q1", "**a1**", "q2", "**a2**"]);
  });

  it("refuses a message of another conversation", async () => {
    const other = await thread();
    const response = await call("POST", `/conversations/${other}/shares`, {
      key: alice.key,
      body: { message_id: randomUUID() },
    });
    expect(response.status).toBe(404);
    expect(await db.sharedLink.count({ where: { conversationId: other } })).toBe(0);
  });
});

describe("what a snapshot leaves out", () => {
  it("the results of a search through the owner's other conversations", async () => {
    const reply = randomUUID();
    await addMessage(
      { id: conversationId, userId: alice.id },
      {
        id: reply,
        role: "assistant",
        parentId: ids.q2 as string,
        status: "complete",
        parts: [
          {
            type: "tool-searchConversations",
            toolCallId: "call-1",
            state: "output-available",
            input: { query: "passport" },
            output: { query: "passport", results: [{ id: randomUUID(), title: "My divorce lawyer", url: "/chat/x" }] },
          },
          { type: "text", text: "I found one." },
        ],
      },
    );
    const created = await call("POST", `/conversations/${conversationId}/shares`, {
      key: alice.key,
      body: { message_id: reply },
    });
    const snapshot = await viewSharedLink(tokenOf(created.json.url));
    expect(JSON.stringify(snapshot)).not.toContain("divorce");
    expect(snapshot?.messages.at(-1)?.parts).toEqual([
      expect.objectContaining({ type: "tool-searchConversations", state: "output-available" }),
      { type: "text", text: "I found one." },
    ]);
  });
});

describe("limits", () => {
  it("creating links and copying them are rate limited per person (each stores a copy of the messages)", async () => {
    let last = 0;
    for (let i = 0; i <= SHARES_PER_HOUR.limit; i++) {
      last = (await call("POST", `/conversations/${conversationId}/shares`, { key: alice.key, body: {} })).status;
      if (i < SHARES_PER_HOUR.limit) expect(last).toBe(201);
    }
    expect(last).toBe(429);
    expect(await db.sharedLink.count({ where: { userId: alice.id } })).toBe(SHARES_PER_HOUR.limit);

    const token = tokenOf((await call("GET", "/shares?limit=1", { key: alice.key })).json.data[0].url);
    const visitor = await apiUser();
    for (let i = 0; i < COPIES_PER_HOUR.limit; i++) await copySharedConversation({ token, userId: visitor.id });
    await expect(copySharedConversation({ token, userId: visitor.id })).rejects.toMatchObject({ kind: "rate_limited" });
    expect(await db.conversation.count({ where: { userId: visitor.id } })).toBe(COPIES_PER_HOUR.limit);
  });
});

describe("scopes", () => {
  it("a key that may not read messages cannot publish them through a link", async () => {
    const key = await keyFor(alice.id, ["conversations:read", "shares:read", "shares:write"]);
    const response = await call("POST", `/conversations/${conversationId}/shares`, { key, body: {} });
    expect(response.status).toBe(403);
    expect(response.json.error.code).toBe("forbidden:scope");
    expect(await db.sharedLink.count({ where: { conversationId } })).toBe(0);
  });
});

describe("GET /shares and DELETE /shares/{id}", () => {
  it("lists links newest first with views, pages, and a deleted link is gone at once", async () => {
    const first = await call("POST", `/conversations/${conversationId}/shares`, { key: alice.key, body: {} });
    const second = await call("POST", `/conversations/${conversationId}/shares`, { key: alice.key, body: {} });
    await viewSharedLink(tokenOf(first.json.url));
    await viewSharedLink(tokenOf(first.json.url));

    const page1 = await call("GET", "/shares?limit=1", { key: alice.key });
    expect(page1.json.data.map((s: { id: string }) => s.id)).toEqual([second.json.id]);
    expect(page1.json.has_more).toBe(true);
    const page2 = await call("GET", `/shares?limit=1&cursor=${page1.json.next_cursor}`, { key: alice.key });
    expect(page2.json.data).toMatchObject([{ id: first.json.id, views: 2, title: "Trip to Lisbon" }]);
    expect(page2.json.has_more).toBe(false);

    expect((await call("DELETE", `/shares/${first.json.id}`, { key: alice.key })).status).toBe(204);
    expect(await viewSharedLink(tokenOf(first.json.url))).toBeNull();
    expect((await call("DELETE", `/shares/${first.json.id}`, { key: alice.key })).status).toBe(404);
    expect(await viewSharedLink(tokenOf(second.json.url))).not.toBeNull();
  });

  it("refuses a made-up cursor", async () => {
    expect((await call("GET", "/shares?cursor=nonsense", { key: alice.key })).status).toBe(400);
  });

  it("the settings page starts over on a bad cursor, but does not hide any other failure", async () => {
    const link = await call("POST", `/conversations/${conversationId}/shares`, { key: alice.key, body: {} });
    const startedOver = await listSharedLinksOrFirstPage({ userId: alice.id, cursor: "nonsense" });
    expect(startedOver.items.map((l) => l.id)).toEqual([link.json.id]);

    const outage = new Error("connection to the database lost");
    const findMany = vi.spyOn(db.sharedLink, "findMany").mockRejectedValue(outage);
    try {
      await expect(listSharedLinksOrFirstPage({ userId: alice.id, cursor: "nonsense" })).rejects.toBe(outage);
      await expect(listSharedLinksOrFirstPage({ userId: alice.id })).rejects.toBe(outage);
    } finally {
      findMany.mockRestore();
    }
  });
});

describe("a link's life", () => {
  async function share() {
    const created = await call("POST", `/conversations/${conversationId}/shares`, { key: alice.key, body: {} });
    return tokenOf(created.json.url);
  }

  it("hides while the conversation is in the trash and is deleted with it", async () => {
    const token = await share();
    await moveConversationToTrash({ id: conversationId, userId: alice.id });
    expect(await viewSharedLink(token)).toBeNull();
    await call("DELETE", `/conversations/${conversationId}?permanent=true`, { key: alice.key });
    expect(await db.sharedLink.count({ where: { token } })).toBe(0);
  });

  it("is deleted with the account", async () => {
    const token = await share();
    await deleteUser(alice.id);
    expect(await db.sharedLink.count({ where: { token } })).toBe(0);
    expect(await viewSharedLink(token)).toBeNull();
  });

  it("stops showing a message its owner deleted: the snapshot ends above it, and a link left empty is deleted", async () => {
    const created = await call("POST", `/conversations/${conversationId}/shares`, {
      key: alice.key,
      body: { message_id: ids.a2 },
    });
    const token = tokenOf(created.json.url);
    expect((await call("DELETE", `/messages/${ids.q2}`, { key: alice.key })).status).toBe(204);
    const snapshot = await viewSharedLink(token);
    expect(texts(snapshot?.messages ?? [])).toEqual(["q1", "**a1**"]);
    expect(JSON.stringify(snapshot)).not.toContain("q2");
    expect((await call("GET", "/shares", { key: alice.key })).json.data[0].message_count).toBe(2);

    expect((await call("DELETE", `/messages/${ids.q1}`, { key: alice.key })).status).toBe(204);
    expect(await viewSharedLink(token)).toBeNull();
    expect(await db.sharedLink.count({ where: { token } })).toBe(0);
  });

  it("answers null to guessed and malformed tokens", async () => {
    await share();
    expect(await viewSharedLink("A".repeat(43))).toBeNull();
    expect(await viewSharedLink("../../etc/passwd")).toBeNull();
    expect(await viewSharedLink("")).toBeNull();
  });

  it("copies into a visitor's history as a new conversation with fresh ids, leaving the original alone", async () => {
    const token = await share();
    const visitor = await apiUser();
    const copyId = await copySharedConversation({ token, userId: visitor.id });
    const copy = await call("GET", `/conversations/${copyId}/messages`, { key: visitor.key });
    expect(copy.json.data.map((m: { content: string }) => m.content)).toEqual(["q1", "**a1b**"]);
    expect(copy.json.data[1].parts).toEqual([{ type: "text", text: "**a1b**" }]);
    expect(copy.json.data[1].parent_id).toBe(copy.json.data[0].id);
    expect(copy.json.data.map((m: { id: string }) => m.id)).not.toContain(ids.q1);
    expect((await call("GET", `/conversations/${copyId}`, { key: visitor.key })).json.title).toBe("Trip to Lisbon");
    expect((await call("GET", `/conversations/${copyId}`, { key: alice.key })).status).toBe(404);
    expect(await db.message.count({ where: { conversationId } })).toBe(5);
    await expect(copySharedConversation({ token: "B".repeat(43), userId: visitor.id })).rejects.toMatchObject({
      code: "not_found:share",
    });
  });
});

describe("images on a shared page", () => {
  const file = (name: string, mediaType: string) =>
    createAttachment(
      {
        userId: alice.id,
        name,
        mediaType,
        data: Buffer.from(`bytes of ${name}`),
        width: null,
        height: null,
        pageCount: null,
        text: null,
      },
      attachmentLimits(),
    );

  it("serves an image the snapshot shows, through its token only, and nothing else of the owner's files", async () => {
    const [photo, notes, unshared] = await Promise.all([
      file("photo.png", "image/png"),
      file("notes.txt", "text/plain"),
      file("private.png", "image/png"),
    ]);
    await addMessage(
      { id: conversationId, userId: alice.id },
      {
        role: "user",
        text: "look",
        parentId: ids.a2 as string,
        parts: [{ ...attachmentPart(photo) }, { ...attachmentPart(notes) }, { type: "text", text: "look" }],
      },
    );
    const { token, id } = await createSharedLink({ userId: alice.id, conversationId });

    const served = await getSharedImage({ token, fileId: photo.id });
    expect(Buffer.from(served?.data ?? []).toString()).toBe("bytes of photo.png");
    // A document the snapshot shows stays private; so does an image it does not show, and any other token.
    expect(await getSharedImage({ token, fileId: notes.id })).toBeNull();
    expect(await getSharedImage({ token, fileId: unshared.id })).toBeNull();
    expect(await getSharedImage({ token: "C".repeat(43), fileId: photo.id })).toBeNull();

    await deleteSharedLink({ id, userId: alice.id });
    expect(await getSharedImage({ token, fileId: photo.id })).toBeNull();
  });
});
