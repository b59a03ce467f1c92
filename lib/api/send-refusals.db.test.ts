import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, test } from "vitest";
import { startReply } from "@/lib/chat/generate";
import { db } from "@/lib/db/client";
import { moveConversationToTrash } from "@/lib/db/conversations";
import { getDefaultRole, updateRolePermissions } from "@/lib/db/roles";
import { apiUser, call, routeFile } from "@/test/api";
import { FULL_PERMISSIONS, newConversation, send, userWithRole } from "@/test/api-roles";
import { mockModelServerForFile } from "@/test/mock-model";
import { API_RATE_LIMIT } from "./endpoint";

// Security review of the `hot` branch: ownership and rate limits on the send path.

const mock = mockModelServerForFile({
  OPENAI_API_KEY: "test",
  PARLEY_MODELS: "mock-model,other-model",
  PARLEY_MODEL_MAX_RETRIES: "0",
});

const modelCalls = () => mock.streamedRequests().length;

beforeEach(async () => {
  mock.setReply(null);
  await updateRolePermissions((await getDefaultRole()).id, FULL_PERMISSIONS);
});

describe("ownership before anything is stored (REST, parent found in the parallel round)", () => {
  test("another user's conversation, with and without parent_id: 404, nothing stored, no model call", async () => {
    const alice = await apiUser();
    const bob = await apiUser();
    const bobs = await newConversation(bob);
    const first = (await send(bob, bobs)).json;
    const before = modelCalls();
    const messages = await db.message.count();
    expect((await send(alice, bobs)).status).toBe(404);
    expect((await send(alice, bobs, { parent_id: first.assistant_message.id })).status).toBe(404);
    expect(await db.message.count()).toBe(messages);
    expect(modelCalls()).toBe(before);
  });

  test("a trashed conversation without parent_id: refused, nothing stored", async () => {
    const alice = await apiUser();
    const id = await newConversation(alice);
    await send(alice, id);
    await moveConversationToTrash({ id, userId: alice.id });
    const before = await db.message.count({ where: { conversationId: id } });
    const response = await send(alice, id);
    expect([404, 409]).toContain(response.status);
    expect(await db.message.count({ where: { conversationId: id } })).toBe(before);
  });

  test("a parent from another conversation (own or someone else's): 422, nothing stored", async () => {
    const alice = await apiUser();
    const bob = await apiUser();
    const a1 = await newConversation(alice);
    const a2 = await newConversation(alice);
    const b1 = await newConversation(bob);
    const inA2 = (await send(alice, a2)).json.user_message.id;
    const inB1 = (await send(bob, b1)).json.user_message.id;
    for (const parent of [inA2, inB1]) {
      const response = await send(alice, a1, { parent_id: parent });
      expect(response.status).toBe(422);
    }
    expect(await db.message.count({ where: { conversationId: a1 } })).toBe(0);
  });

  test("reusing another user's message id: 409, their message untouched, nothing stored", async () => {
    const alice = await apiUser();
    const bob = await apiUser();
    const b1 = await newConversation(bob);
    const a1 = await newConversation(alice);
    const bobs = (await send(bob, b1, { content: "secret" })).json.user_message;
    const response = await send(alice, a1, { id: bobs.id, content: "mine" });
    expect(response.status).toBe(409);
    expect(JSON.stringify(response.json)).not.toContain("secret");
    expect(await db.message.count({ where: { conversationId: a1 } })).toBe(0);
    expect(await db.message.findUnique({ where: { id: bobs.id } })).toMatchObject({ conversationId: b1 });
  });

  test("app path (startReply): a parent in another user's conversation is refused", async () => {
    const alice = await apiUser();
    const bob = await apiUser();
    const b1 = await newConversation(bob);
    const bobsLeaf = (await send(bob, b1)).json.assistant_message.id;
    const a1 = await newConversation(alice);
    const total = await db.message.count();
    await expect(
      startReply({
        userId: alice.id,
        conversationId: a1,
        userMessage: { id: randomUUID(), text: "x", parentId: bobsLeaf },
      }),
    ).rejects.toMatchObject({ code: "validation:parent" });
    await expect(
      startReply({
        userId: alice.id,
        conversationId: b1,
        userMessage: { id: randomUUID(), text: "x", parentId: bobsLeaf },
      }),
    ).rejects.toMatchObject({ code: "not_found:conversation" });
    expect(await db.message.count()).toBe(total);
  });
});

describe("message rate limit (counted in the parallel round, judged after)", () => {
  test("exact under concurrency: limit 3, 8 at once → 3 sent, 5 refused with nothing stored", async () => {
    const user = await userWithRole({ messagesPerMinute: 3 });
    const id = await newConversation(user);
    const before = modelCalls();
    // Distinct conversations would avoid parent races; a fresh one each keeps refusals about the rate only.
    const ids = await Promise.all(Array.from({ length: 8 }, () => newConversation(user)));
    const responses = await Promise.all(ids.map((c) => send(user, c)));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    expect(await db.message.count({ where: { conversationId: { in: [id, ...ids] } } })).toBe(6);
    expect(modelCalls() - before).toBe(3);
  });

  test("REST: a send refused for a forbidden model does not use up the rate limit (checked before startReply)", async () => {
    const user = await userWithRole({ messagesPerMinute: 2, allowedModels: ["mock-model"] });
    const id = await newConversation(user);
    expect((await send(user, id, { model: "other-model" })).status).toBe(403);
    expect((await send(user, id, { model: "other-model" })).status).toBe(403);
    // On main the forbidden model was refused before counting: this send would be 201.
    expect((await send(user, id)).status).toBe(201);
  });

  test("a REST send to a conversation that is not yours does not use up the rate limit", async () => {
    const user = await userWithRole({ messagesPerMinute: 2 });
    const other = await apiUser();
    const theirs = await newConversation(other);
    expect((await send(user, theirs)).status).toBe(404);
    expect((await send(user, theirs)).status).toBe(404);
    expect((await send(user, await newConversation(user))).status).toBe(201);
  });
});

describe("API rate limit (counted while the request is read)", () => {
  test("exact under concurrency, and a refusal wins over a validation error", async () => {
    const user = await apiUser();
    await db.rateLimit.create({
      data: {
        key: `rl:${API_RATE_LIMIT.name}:${user.id}`,
        count: API_RATE_LIMIT.limit - 3,
        resetAt: new Date(Date.now() + 30_000),
      },
    });
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => call("POST", "/conversations", { key: user.key, body: { title: "t" } })),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([201, 201, 201, 429, 429, 429]);
    const bad = await call("POST", "/conversations", { key: user.key, body: { title: 42 } });
    expect(bad.status).toBe(429);
    expect(await db.conversation.count({ where: { userId: user.id } })).toBe(3);
  });
});

describe("API rate limit: an over-limit client is refused without its body being read", () => {
  test("a body that never ends: 429 at once, without waiting for the body", async () => {
    const user = await apiUser();
    await db.rateLimit.create({
      data: {
        key: `rl:${API_RATE_LIMIT.name}:${user.id}`,
        count: API_RATE_LIMIT.limit,
        resetAt: new Date(Date.now() + 30_000),
      },
    });
    const { POST } = (await import(/* @vite-ignore */ routeFile("/conversations"))) as {
      POST: (r: Request, c: unknown) => Promise<Response>;
    };
    const never = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"title":"'));
      },
    });
    const request = new Request("http://localhost/api/v1/conversations", {
      method: "POST",
      headers: { authorization: `Bearer ${user.key}`, "content-type": "application/json" },
      body: never,
      duplex: "half",
    } as RequestInit);
    const answer = POST(request, { params: Promise.resolve({}) }).then((r) => r.status);
    const timeout = new Promise<string>((resolve) => setTimeout(() => resolve("still waiting"), 3000));
    expect(await Promise.race([answer, timeout])).toBe(429);
  });
});
