import { randomUUID } from "node:crypto";
import { readdirSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { type RouteId, type RouteSpec, routes } from "@/lib/api/routes";
import { attachmentLimits } from "@/lib/attachments/limits";
import { SCOPES } from "@/lib/auth/scopes";
import { createAttachment } from "@/lib/db/attachments";
import { db } from "@/lib/db/client";
import { createConversation } from "@/lib/db/conversations";
import { setFeedback } from "@/lib/db/feedback";
import { updatePreferences } from "@/lib/db/preferences";
import { addProjectFile, createProject } from "@/lib/db/projects";
import { createSharedLink } from "@/lib/db/shared-links";
import { blockUser, sendDirectMessage } from "@/lib/direct/messages";
import { wakeIndexer } from "@/lib/projects/indexer";
import { type ApiUser, apiUser, call, keyFor, routeFile } from "@/test/api";
import { addMessage, createTestUser } from "@/test/factories";

// Generated from the route registry: every endpoint is called with another user's ids and with a key that
// lacks the endpoint's scope; neither may see the owner's data or change anything.

const SECRET_TITLE = `alice-secret-title-${randomUUID()}`;
const SECRET_TEXT = `alice-secret-text-${randomUUID()}`;
const SECRET_REPLY = `alice-secret-reply-${randomUUID()}`;
const SECRET_DM = `alice-secret-dm-${randomUUID()}`;

let alice: ApiUser;
let bob: ApiUser;
let conversationId: string;
let userMessageId: string;
let assistantMessageId: string;
let carol: { id: string; username: string };
let dave: { id: string; username: string };
let directMessageId: string;
let shareId: string;
let shareToken: string;
let fileId: string;
let projectId: string;

beforeAll(async () => {
  alice = await apiUser();
  bob = await apiUser();
  const conversation = await createConversation({ userId: alice.id, title: SECRET_TITLE, systemPrompt: SECRET_TEXT });
  conversationId = conversation.id;
  userMessageId = (await addMessage(conversation, { role: "user", text: SECRET_TEXT, parentId: null })).id;
  assistantMessageId = (
    await addMessage(conversation, {
      role: "assistant",
      text: SECRET_REPLY,
      status: "complete",
      parentId: userMessageId,
    })
  ).id;
  [carol, dave] = await Promise.all([createTestUser("carol"), createTestUser("dave")]);
  const aliceRow = await db.user.findUniqueOrThrow({ where: { id: alice.id } });
  const dm = await sendDirectMessage({ senderId: alice.id, recipientUsername: carol.username, content: SECRET_DM });
  directMessageId = dm.id;
  await sendDirectMessage({ senderId: carol.id, recipientUsername: aliceRow.username, content: `${SECRET_DM}-back` });
  await blockUser({ userId: alice.id, username: dave.username });
  const share = await createSharedLink({ userId: alice.id, conversationId });
  shareId = share.id;
  shareToken = share.token;
  await setFeedback({ messageId: assistantMessageId, userId: alice.id, rating: "down", comment: SECRET_TEXT });
  await updatePreferences(alice.id, { customInstructions: SECRET_TEXT, sendKey: "mod-enter" });
  fileId = (
    await createAttachment(
      {
        userId: alice.id,
        name: `${SECRET_TITLE}.txt`,
        mediaType: "text/plain",
        data: Buffer.from(SECRET_TEXT),
        width: null,
        height: null,
        pageCount: null,
        text: SECRET_TEXT,
      },
      attachmentLimits(),
    )
  ).id;
  projectId = (await createProject({ userId: alice.id, name: SECRET_TITLE, instructions: SECRET_TEXT })).id;
  await addProjectFile({ projectId, userId: alice.id, attachmentId: fileId });
  await wakeIndexer();
});

/** A request to each endpoint aimed at Alice's data. Typed by RouteId so a new route cannot be forgotten. */
function requestFor(id: RouteId): { url: string; body?: unknown } {
  const c = conversationId;
  const m = userMessageId;
  const fresh = randomUUID();
  const table: Record<RouteId, { url: string; body?: unknown }> = {
    getMe: { url: "/me" },
    createConversation: { url: "/conversations", body: { id: c, title: "hijack" } },
    listConversations: { url: `/conversations?q=${encodeURIComponent(SECRET_TITLE.slice(0, 30))}` },
    getConversation: { url: `/conversations/${c}` },
    patchConversation: { url: `/conversations/${c}`, body: { title: "hijacked" } },
    putConversation: {
      url: `/conversations/${c}`,
      body: { title: "hijacked", pinned: true, archived: true, model: null, system_prompt: null },
    },
    deleteConversation: { url: `/conversations/${c}?permanent=true` },
    restoreConversation: { url: `/conversations/${c}/restore` },
    getConversationTools: { url: `/conversations/${c}/tools` },
    putConversationTools: { url: `/conversations/${c}/tools`, body: { off: [] } },
    listConversationMessages: { url: `/conversations/${c}/messages` },
    postConversationMessage: { url: `/conversations/${c}/messages`, body: { id: fresh, content: "hi", parent_id: m } },
    listMessages: { url: `/messages?conversation_id=${c}` },
    postMessage: { url: "/messages", body: { conversation_id: c, id: fresh, content: "hi", stream: true } },
    getMessage: { url: `/messages/${m}` },
    patchMessage: { url: `/messages/${m}`, body: { content: "edited" } },
    putMessage: { url: `/messages/${m}`, body: { content: "edited", stream: true } },
    answerToolApproval: {
      url: `/messages/${assistantMessageId}/approval`,
      body: { approval_id: "a1", approved: true },
    },
    deleteMessage: { url: `/messages/${assistantMessageId}` },
    listDirectThreads: { url: "/direct-messages/threads" },
    listDirectMessages: { url: `/direct-messages?with=${carol.username}` },
    sendDirectMessage: {
      url: "/direct-messages",
      body: { to: carol.username, content: "hi", parent_id: directMessageId },
    },
    markDirectMessagesRead: { url: "/direct-messages/read", body: { with: carol.username } },
    deleteDirectMessage: { url: `/direct-messages/${directMessageId}` },
    directMessageEvents: { url: "/direct-messages/events?after=0&wait=0" },
    suggestRecipients: { url: `/direct-messages/recipients?q=${carol.username.slice(0, 4)}` },
    listBlocks: { url: "/direct-messages/blocks" },
    blockUser: { url: "/direct-messages/blocks", body: { username: carol.username } },
    unblockUser: { url: `/direct-messages/blocks/${dave.username}` },
    createShare: { url: `/conversations/${c}/shares`, body: { message_id: assistantMessageId } },
    listShares: { url: "/shares" },
    deleteShare: { url: `/shares/${shareId}` },
    putFeedback: { url: `/messages/${assistantMessageId}/feedback`, body: { rating: "up" } },
    getPreferences: { url: "/me/preferences" },
    patchPreferences: { url: "/me/preferences", body: { send_key: "enter" } },
    getUsage: { url: "/me/usage?days=7" },
    // A Parley export naming Alice's conversation and message ids: imported as Bob's own copy, fresh ids.
    importConversations: {
      url: "/conversations/import",
      body: {
        format: "parley.conversation.v1",
        conversation: {
          id: c,
          title: "hijack",
          createdAt: new Date().toISOString(),
          updatedAt: new Date().toISOString(),
        },
        messages: [
          {
            id: m,
            parentId: null,
            role: "user",
            content: "hi",
            parts: [{ type: "text", text: "hi" }],
            createdAt: new Date().toISOString(),
          },
        ],
      },
    },
    uploadFile: { url: "/files", body: { file: SECRET_TEXT } },
    getFile: { url: `/files/${fileId}` },
    getFileContent: { url: `/files/${fileId}/content` },
    deleteFile: { url: `/files/${fileId}` },
    createProject: { url: "/projects", body: { name: "mine", instructions: null } },
    listProjects: { url: "/projects" },
    getProject: { url: `/projects/${projectId}` },
    patchProject: { url: `/projects/${projectId}`, body: { name: "hijacked" } },
    deleteProject: { url: `/projects/${projectId}?conversations=trash` },
    addProjectFile: { url: `/projects/${projectId}/files`, body: { file_id: fileId } },
    removeProjectFile: { url: `/projects/${projectId}/files/${fileId}` },
    // The OpenAI-compatible endpoints name no one's data: a model nobody has is 404 before any model call.
    listModels: { url: "/models" },
    createChatCompletion: {
      url: "/chat/completions",
      body: { model: "no-such-model", messages: [{ role: "user", content: "hi" }] },
    },
    createEmbeddings: { url: "/embeddings", body: { model: "no-such-model", input: "hi" } },
    openapi: { url: "/openapi.json" },
    createToken: { url: "/auth/token", body: { login: "alice-is-not-you", password: "a guess" } },
    refreshToken: { url: "/auth/refresh", body: { refresh_token: `rt_${fresh}` } },
    whoami: { url: "/auth/whoami" },
  };
  return table[id];
}

async function snapshot() {
  const [
    users,
    conversations,
    messages,
    keys,
    directMessages,
    aliceBlocks,
    events,
    shares,
    feedback,
    preferences,
    files,
    projects,
    projectFiles,
    passages,
  ] = await Promise.all([
    db.user.findMany({ orderBy: { id: "asc" } }),
    db.conversation.findMany({ orderBy: { id: "asc" } }),
    db.message.findMany({ orderBy: { id: "asc" } }),
    db.apiKey.findMany({ orderBy: { id: "asc" }, select: { id: true, scopes: true, isActive: true } }),
    db.directMessage.findMany({ orderBy: { id: "asc" } }),
    // Only Alice's: blocking someone is Bob's own business.
    db.userBlock.findMany({ where: { blockerId: alice.id }, orderBy: { id: "asc" } }),
    db.directMessageEvent.findMany({ orderBy: { id: "asc" } }),
    db.sharedLink.findMany({ orderBy: { id: "asc" } }),
    db.messageFeedback.findMany({ orderBy: { id: "asc" } }),
    // Bob may change his own preferences; nobody else's.
    db.userPreference.findMany({ where: { userId: { not: bob.id } }, orderBy: { userId: "asc" } }),
    db.attachment.findMany({ where: { userId: { not: bob.id } }, orderBy: { id: "asc" } }),
    db.project.findMany({ where: { userId: { not: bob.id } }, orderBy: { id: "asc" } }),
    db.projectFile.findMany({ where: { userId: { not: bob.id } }, orderBy: { id: "asc" } }),
    db.passage.findMany({ where: { userId: { not: bob.id } }, orderBy: { id: "asc" } }),
  ]);
  return JSON.stringify({
    users,
    conversations,
    messages,
    keys,
    directMessages,
    aliceBlocks,
    events,
    shares,
    feedback,
    preferences,
    files,
    projects,
    projectFiles,
    passages,
  });
}

function expectNoLeak(text: string) {
  for (const secret of [
    SECRET_TITLE,
    SECRET_TEXT,
    SECRET_REPLY,
    SECRET_DM,
    conversationId,
    userMessageId,
    assistantMessageId,
    directMessageId,
    shareId,
    shareToken,
    fileId,
    projectId,
  ]) {
    expect(text).not.toContain(secret);
  }
}

const scoped = (Object.entries(routes) as [RouteId, RouteSpec][]).filter(([, spec]) => spec.scope !== null);

describe("another user's ids", () => {
  test.each(scoped)("%s", async (id, spec) => {
    const { url, body } = requestFor(id);
    const before = await snapshot();
    const response = await call(spec.method, url, { key: bob.key, body });
    if (id === "importConversations") {
      expect(response.json.imported).toBe(1);
      const copy = await db.conversation.findFirstOrThrow({ where: { id: response.json.conversations[0].id } });
      expect(copy.userId).toBe(bob.id);
      await db.conversation.delete({ where: { id: copy.id } });
    }
    expect(await snapshot()).toBe(before);
    expectNoLeak(response.text);
    if (id === "createConversation") expect(response.status).toBe(409);
    else if (id === "createProject") expect(response.status).toBe(201);
    else if (id === "listProjects") {
      // Only Bob's own (the one createProject made, when it ran first).
      expect(response.status).toBe(200);
      expect(response.json.data.every((p: { name: string }) => p.name === "mine")).toBe(true);
    } else if (
      ["listConversations", "listDirectThreads", "listDirectMessages", "listBlocks", "listShares"].includes(id)
    ) {
      expect(response.status).toBe(200);
      expect(response.json.data).toEqual([]);
    } else if (id === "getMe") expect(response.json.id).toBe(bob.id);
    else if (id === "markDirectMessagesRead") expect(response.json.count).toBe(0);
    else if (id === "directMessageEvents") expect(response.text).toBe("retry: 3000\n\n");
    else if (id === "suggestRecipients") {
      expect(response.json.data.map((p: { username: string }) => p.username)).toContain(carol.username);
      expect(response.text).not.toContain("@");
    } else if (id === "blockUser" || id === "importConversations") expect(response.status).toBe(200);
    else if (id === "getPreferences") expect(response.json.custom_instructions).toBeNull();
    else if (id === "patchPreferences") expect(response.json.send_key).toBe("enter");
    else if (id === "getUsage") expect(response.json).toMatchObject({ object: "usage", data: [] });
    else if (id === "listModels") expect(response.json.object).toBe("list");
    else if (id === "uploadFile") expect(response.status).toBe(415);
    else expect(response.status).toBe(404);
  });
});

describe("another user's project", () => {
  test("cannot start a chat in it, nor move a chat into it", async () => {
    const before = await snapshot();
    const created = await call("POST", "/conversations", { key: bob.key, body: { project_id: projectId } });
    expect(created.status).toBe(404);
    expect(created.json.error.code).toBe("not_found:project");
    const own = await call("POST", "/conversations", { key: bob.key, body: { title: "bob's" } });
    expect(own.status).toBe(201);
    const moved = await call("PATCH", `/conversations/${own.json.id}`, {
      key: bob.key,
      body: { project_id: projectId },
    });
    expect(moved.status).toBe(404);
    expect((await call("GET", `/conversations/${own.json.id}`, { key: bob.key })).json.project_id).toBeNull();
    await db.conversation.delete({ where: { id: own.json.id } });
    expect(await snapshot()).toBe(before);
    expectNoLeak(created.text + moved.text);
  });
});

describe("a key without the endpoint's scope", () => {
  test.each(scoped)("%s", async (id, spec) => {
    const key = await keyFor(
      alice.id,
      SCOPES.filter((s) => s !== spec.scope),
    );
    const { url, body } = requestFor(id);
    const before = await snapshot();
    const response = await call(spec.method, url, { key, body });
    expect(response.status).toBe(403);
    expect(response.json.error.code).toBe("forbidden:scope");
    expect(await snapshot()).toBe(before);
    expectNoLeak(response.text);
  });
});

describe("no credentials", () => {
  test.each(scoped)("%s", async (id, spec) => {
    const { url, body } = requestFor(id);
    const before = await snapshot();
    const response = await call(spec.method, url, { body });
    expect(response.status).toBe(401);
    expect(await snapshot()).toBe(before);
    expectNoLeak(response.text);
  });
});

describe("the authentication endpoints (no scope governs them)", () => {
  test("whoami names the caller's own account, and nobody without a credential", async () => {
    const mine = await call("GET", "/auth/whoami", { key: bob.key });
    expect(mine.status).toBe(200);
    expect(mine.json).toMatchObject({ userId: bob.id, via: "api_key" });
    expectNoLeak(mine.text);
    expect((await call("GET", "/auth/whoami")).status).toBe(401);
  });

  test("a guessed password and a made-up refresh token get 401, change nothing and leak nothing", async () => {
    for (const id of ["createToken", "refreshToken"] as const) {
      const { url, body } = requestFor(id);
      const before = await snapshot();
      const response = await call(routes[id].method, url, {
        body,
        headers: { "x-forwarded-for": `10.55.0.${id.length}` },
      });
      expect(response.status).toBe(401);
      expect(await snapshot()).toBe(before);
      expectNoLeak(response.text);
    }
  });
});

test("the owner still sees everything intact", async () => {
  const response = await call("GET", `/conversations/${conversationId}/messages`, { key: alice.key });
  expect(response.json.data.map((m: { content: string }) => m.content)).toEqual([SECRET_TEXT, SECRET_REPLY]);
  expect((await call("GET", `/conversations/${conversationId}`, { key: alice.key })).json.title).toBe(SECRET_TITLE);
  const thread = await call("GET", `/direct-messages?with=${carol.username}`, { key: alice.key });
  expect(thread.json.data.map((m: { content: string }) => m.content)).toEqual([SECRET_DM, `${SECRET_DM}-back`]);
  const blocks = await call("GET", "/direct-messages/blocks", { key: alice.key });
  expect(blocks.json.data.map((b: { username: string }) => b.username)).toEqual([dave.username]);
  const shares = (await call("GET", "/shares", { key: alice.key })).json.data;
  expect(shares.map((s: { id: string }) => s.id)).toEqual([shareId]);
  expect((await call("GET", "/me/preferences", { key: alice.key })).json.custom_instructions).toBe(SECRET_TEXT);
});

test("the route files export exactly the registry's endpoints", async () => {
  const root = path.resolve(import.meta.dirname, "../../app/api/v1");
  const files = (readdirSync(root, { recursive: true }) as string[])
    .filter((f) => f.endsWith("route.ts") && !f.startsWith("[[...path]]"))
    .map((f) => path.join(root, f));
  const exported: string[] = [];
  for (const file of files) {
    const module = await import(/* @vite-ignore */ file);
    for (const method of ["GET", "POST", "PATCH", "PUT", "DELETE"]) {
      if (method in module) exported.push(`${method} ${file}`);
    }
  }
  const registered = (Object.values(routes) as RouteSpec[]).map((s) => `${s.method} ${routeFile(s.path)}`);
  expect(exported.sort()).toEqual(registered.sort());
});
