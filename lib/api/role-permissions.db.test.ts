import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, test } from "vitest";
import { createApiKeyWithPassword } from "@/lib/auth/account-security";
import { getPermissions, listAllowedModels } from "@/lib/auth/permissions";
import { startReply } from "@/lib/chat/generate";
import { db } from "@/lib/db/client";
import { createRole, getDefaultRole, grantRole, updateRolePermissions } from "@/lib/db/roles";
import { usageDay } from "@/lib/db/usage";
import { apiUser, call } from "@/test/api";
import { FULL_PERMISSIONS, newConversation, resetDefaultRoleEachTest, send, userWithRole } from "@/test/api-roles";
import { mockModelServerForFile } from "@/test/mock-model";

// Roles that mean something, through the REST API (and the reply engine /api/chat uses), answered by the
// OpenAI-compatible mock server on loopback.

const mock = mockModelServerForFile({
  OPENAI_API_KEY: "test",
  PARLEY_MODELS: "mock-small=Mock Small,mock-large=Mock Large",
  PARLEY_MODEL_MAX_RETRIES: "0",
});
beforeEach(() => mock.setReply(null));
resetDefaultRoleEachTest();

describe("allowed models", () => {
  test("the picker lists only the role's models; the API refuses the others with 403", async () => {
    const user = await userWithRole({ allowedModels: ["mock-small"] });
    expect((await listAllowedModels(user.id)).map((m) => m.id)).toEqual(["mock-small"]);
    const conversationId = await newConversation(user);
    const refused = await send(user, conversationId, { model: "mock-large" });
    expect(refused.status).toBe(403);
    expect(refused.json.error).toMatchObject({
      code: "forbidden:model",
      message: 'Your role does not allow the model "mock-large".',
      fields: [{ field: "model" }],
    });
    expect(await db.message.count({ where: { conversationId } })).toBe(0);
    expect(mock.streamedRequests().some((r) => r.model === "mock-large")).toBe(false);
    const created = await call("POST", "/conversations", { key: user.key, body: { model: "mock-large" } });
    expect(created.status).toBe(403);
    const allowed = await send(user, conversationId, { model: "mock-small" });
    expect(allowed.status).toBe(201);
    expect(allowed.json.assistant_message).toMatchObject({ model: "mock-small", status: "complete" });
  });

  test("the chat route's engine refuses too, and without a model choice uses an allowed one", async () => {
    const user = await userWithRole({ allowedModels: ["mock-large"] });
    const reply = (modelId?: string) =>
      startReply({
        userId: user.id,
        conversationId: randomUUID(),
        userMessage: { id: randomUUID(), text: "hello", parentId: null },
        modelId,
      });
    await expect(reply("mock-small")).rejects.toMatchObject({ status: 403, code: "forbidden:model" });
    const handle = await reply();
    await handle.stream.cancel();
    await handle.done;
    const row = await db.message.findUniqueOrThrow({ where: { id: handle.assistantMessageId } });
    expect(row.modelId).toBe("mock-large");
  });

  test("people without a role get the editable default role", async () => {
    const user = await apiUser();
    expect((await listAllowedModels(user.id)).map((m) => m.id)).toEqual(["mock-small", "mock-large"]);
    await updateRolePermissions((await getDefaultRole()).id, { ...FULL_PERMISSIONS, allowedModels: ["mock-large"] });
    expect((await getPermissions(user.id)).roles).toEqual(["default"]);
    const refused = await send(user, await newConversation(user), { model: "mock-small" });
    expect(refused.status).toBe(403);
  });

  test("several roles add up to the most generous of each", async () => {
    const user = await userWithRole({ allowedModels: ["mock-small"], tokensPerDay: 100, canShareLinks: false });
    const second = await createRole({ name: `r${randomUUID().slice(0, 8)}`, description: null });
    await updateRolePermissions(second.id, { ...FULL_PERMISSIONS, allowedModels: ["mock-large"], tokensPerDay: 500 });
    await grantRole({ userId: user.id, roleId: second.id });
    const permissions = await getPermissions(user.id);
    expect([...(permissions.allowedModels ?? [])].sort()).toEqual(["mock-large", "mock-small"]);
    expect(permissions).toMatchObject({ tokensPerDay: 500, canShareLinks: true });
  });
});

describe("limits", () => {
  test("messages per minute: the role's limit, then 429 saying when to try again", async () => {
    const user = await userWithRole({ messagesPerMinute: 2 });
    const conversationId = await newConversation(user);
    expect((await send(user, conversationId)).status).toBe(201);
    expect((await send(user, conversationId)).status).toBe(201);
    const refused = await send(user, conversationId);
    expect(refused.status).toBe(429);
    expect(refused.json.error.message).toMatch(
      /too fast \(your limit is 2 a minute\)\. Try again in (\d+ seconds?|1 minute)\./,
    );
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(refused.headers.get("retry-after"))).toBeLessThanOrEqual(60);
  });

  test("tokens per day: usage is what the model server reported, and the day's limit refuses with 429", async () => {
    const user = await userWithRole({ tokensPerDay: 25 });
    const conversationId = await newConversation(user);
    mock.setReply({ chunks: ["Hello ", "there"], usage: { prompt_tokens: 7, completion_tokens: 3 } });
    for (let i = 0; i < 3; i++) expect((await send(user, conversationId, { model: "mock-small" })).status).toBe(201);
    const stored = await db.message.findMany({ where: { conversationId, role: "assistant" } });
    expect(stored.map((m) => [m.inputTokens, m.outputTokens])).toEqual([
      [7, 3],
      [7, 3],
      [7, 3],
    ]);
    const usage = await db.usageDay.findMany({ where: { userId: user.id } });
    expect(usage).toEqual([
      expect.objectContaining({
        day: usageDay(),
        modelId: "mock-small",
        messages: 3,
        inputTokens: 21,
        outputTokens: 9,
      }),
    ]);
    const mine = await call("GET", "/me/usage?days=7", { key: user.key });
    expect(mine.json).toMatchObject({
      object: "usage",
      today: { tokens: 30, limit: 25 },
      data: [{ day: usageDay(), model: "mock-small", messages: 3, input_tokens: 21, output_tokens: 9 }],
    });
    const refused = await send(user, conversationId);
    expect(refused.status).toBe(429);
    expect(refused.json.error).toMatchObject({ code: "rate_limited:chat:tokens" });
    expect(refused.json.error.message).toMatch(/You have used today's 25 tokens\. The limit resets at midnight UTC/);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(86_400);
    // Deleting the conversation does not give the tokens back.
    await call("DELETE", `/conversations/${conversationId}?permanent=true`, { key: user.key });
    expect((await send(user, await newConversation(user))).status).toBe(429);
  });
});

describe("API keys and share links", () => {
  test("a role without share links gets 403 from the API", async () => {
    const user = await userWithRole({ canShareLinks: false });
    const conversationId = await newConversation(user);
    const reply = await send(user, conversationId);
    const shared = await call("POST", `/conversations/${conversationId}/shares`, {
      key: user.key,
      body: { message_id: reply.json.assistant_message.id },
    });
    expect(shared.status).toBe(403);
    expect(shared.json.error).toMatchObject({ code: "forbidden:share_links" });
    const allowed = await userWithRole({});
    const theirs = await newConversation(allowed);
    await send(allowed, theirs);
    expect((await call("POST", `/conversations/${theirs}/shares`, { key: allowed.key, body: {} })).status).toBe(201);
  });

  test("a role without API keys cannot create one", async () => {
    const user = await userWithRole({ canCreateApiKeys: false });
    const outcome = await createApiKeyWithPassword({
      user: { id: user.id, isEmailVerified: true },
      currentPassword: "irrelevant",
      ip: "203.0.113.7",
      name: "nope",
      scopes: ["conversations:read"],
      expiresAt: null,
    });
    expect(outcome).toEqual({ ok: false, error: "Your role does not allow creating API keys." });
  });
});
