import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { type ApiUser, apiUser, call, keyFor } from "@/test/api";

let alice: ApiUser;

beforeEach(async () => {
  alice = await apiUser();
});

async function create(body: Record<string, unknown> = {}, key = alice.key) {
  const response = await call("POST", "/conversations", { key, body });
  expect(response.status).toBe(201);
  return response.json as { id: string; title: string | null; updated_at: string };
}

describe("POST /conversations", () => {
  test("creates with the given fields and a client-chosen id", async () => {
    const id = randomUUID();
    const response = await call("POST", "/conversations", {
      key: alice.key,
      body: { id, title: "Trip plans", model: "offline", system_prompt: "Be brief.", pinned: true },
    });
    expect(response.status).toBe(201);
    expect(response.json).toMatchObject({
      object: "conversation",
      id,
      title: "Trip plans",
      model: "offline",
      system_prompt: "Be brief.",
      pinned: true,
      archived: false,
      deleted_at: null,
    });
    const row = await db.conversation.findUnique({ where: { id } });
    expect(row?.userId).toBe(alice.id);
  });

  test("an id that exists is a conflict (409), mine or anyone's", async () => {
    const { id } = await create();
    const bob = await apiUser();
    for (const key of [alice.key, bob.key]) {
      const response = await call("POST", "/conversations", { key, body: { id } });
      expect(response.status).toBe(409);
      expect(response.json.error.code).toBe("conflict:conversation");
    }
    expect(await db.conversation.count({ where: { id } })).toBe(1);
  });

  test("invalid input names the field (422), malformed JSON is 400, oversized is 413", async () => {
    const invalid = await call("POST", "/conversations", { key: alice.key, body: { title: 5, colour: "red" } });
    expect(invalid.status).toBe(422);
    expect(invalid.json.error.code).toBe("validation");
    const fields = invalid.json.error.fields.map((f: { field: string }) => f.field);
    expect(fields).toContain("title");
    expect(invalid.json.error.message).toMatch(/colour/);

    const malformed = await call("POST", "/conversations", { key: alice.key, rawBody: '{"title": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.json.error.code).toBe("bad_request:json");

    const huge = await call("POST", "/conversations", { key: alice.key, body: { title: "x".repeat(300_000) } });
    expect(huge.status).toBe(413);
    expect(huge.json.error.code).toBe("payload_too_large");
    expect(await db.conversation.count({ where: { userId: alice.id } })).toBe(0);
  });
});

describe("GET /conversations", () => {
  test("empty", async () => {
    const response = await call("GET", "/conversations", { key: alice.key });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ object: "list", data: [], has_more: false, next_cursor: null });
  });

  test("exactly one page: no next cursor", async () => {
    for (let i = 0; i < 3; i++) await create({ title: `c${i}` });
    const response = await call("GET", "/conversations?limit=3", { key: alice.key });
    expect(response.json.data).toHaveLength(3);
    expect(response.json.has_more).toBe(false);
    expect(response.json.next_cursor).toBeNull();
  });

  test("pages through to a short last page, each conversation once, newest first", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await create({ title: `c${i}` })).id);
    const seen: string[] = [];
    const sizes: number[] = [];
    let cursor: string | null = null;
    do {
      const page = await call("GET", `/conversations?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, {
        key: alice.key,
      });
      expect(page.status).toBe(200);
      sizes.push(page.json.data.length);
      seen.push(...page.json.data.map((c: { id: string }) => c.id));
      cursor = page.json.next_cursor;
      expect(page.json.has_more).toBe(cursor !== null);
    } while (cursor);
    expect(sizes).toEqual([2, 2, 1]);
    expect(new Set(seen).size).toBe(5);
    expect(seen).toEqual([...ids].reverse());
  });

  test("filters: pinned, archived, q", async () => {
    const pinned = await create({ title: "Pinned thing", pinned: true });
    const archived = await create({ title: "Old stuff", archived: true });
    const plain = await create({ title: "Groceries" });
    const list = async (query: string) =>
      (await call("GET", `/conversations?${query}`, { key: alice.key })).json.data.map((c: { id: string }) => c.id);
    expect(await list("")).toEqual([pinned.id, plain.id]);
    expect(await list("pinned=true")).toEqual([pinned.id]);
    expect(await list("pinned=false")).toEqual([plain.id]);
    expect(await list("archived=true")).toEqual([archived.id]);
    expect(await list("q=GROCER")).toEqual([plain.id]);
  });

  test("bad query: limit over 100 or not a number (422), a forged cursor (400), a repeated parameter (422)", async () => {
    for (const query of ["limit=101", "limit=0", "limit=ten", "pinned=yes"]) {
      const response = await call("GET", `/conversations?${query}`, { key: alice.key });
      expect(response.status, query).toBe(422);
      expect(response.json.error.fields[0].field).toBe(query.split("=")[0]);
    }
    const forged = await call("GET", "/conversations?cursor=bm9wZQ", { key: alice.key });
    expect(forged.status).toBe(400);
    expect(forged.json.error.code).toBe("bad_request:cursor");
    const repeated = await call("GET", "/conversations?limit=1&limit=2", { key: alice.key });
    expect(repeated.status).toBe(422);
  });
});

describe("one conversation", () => {
  test("GET, PATCH, PUT", async () => {
    const { id } = await create({ title: "First" });
    expect((await call("GET", `/conversations/${id}`, { key: alice.key })).json.title).toBe("First");

    const patched = await call("PATCH", `/conversations/${id}`, {
      key: alice.key,
      body: { title: "Renamed", pinned: true, system_prompt: "Speak French." },
    });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({
      title: "Renamed",
      pinned: true,
      archived: false,
      system_prompt: "Speak French.",
    });

    const put = await call("PUT", `/conversations/${id}`, {
      key: alice.key,
      body: { title: null, pinned: false, archived: true, model: "offline", system_prompt: null },
    });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({
      title: null,
      pinned: false,
      archived: true,
      model: "offline",
      system_prompt: null,
    });
    const row = await db.conversation.findUnique({ where: { id } });
    expect(row).toMatchObject({ title: null, archived: true, modelId: "offline", systemPrompt: null });
  });

  test("PATCH with nothing, PUT with a field missing: 422", async () => {
    const { id } = await create();
    const empty = await call("PATCH", `/conversations/${id}`, { key: alice.key, body: {} });
    expect(empty.status).toBe(422);
    const partial = await call("PUT", `/conversations/${id}`, { key: alice.key, body: { title: "x" } });
    expect(partial.status).toBe(422);
    expect(partial.json.error.fields.map((f: { field: string }) => f.field)).toEqual(
      expect.arrayContaining(["pinned", "archived", "model", "system_prompt"]),
    );
  });

  test("DELETE moves to the trash, restore brings it back, permanent deletes for good", async () => {
    const { id } = await create({ title: "Doomed" });
    expect((await call("DELETE", `/conversations/${id}`, { key: alice.key })).status).toBe(204);
    const trashed = await call("GET", `/conversations/${id}`, { key: alice.key });
    expect(trashed.json.deleted_at).not.toBeNull();
    expect((await call("GET", "/conversations", { key: alice.key })).json.data).toEqual([]);
    expect((await call("PATCH", `/conversations/${id}`, { key: alice.key, body: { title: "x" } })).status).toBe(404);
    expect((await call("DELETE", `/conversations/${id}`, { key: alice.key })).status).toBe(404);

    const restored = await call("POST", `/conversations/${id}/restore`, { key: alice.key });
    expect(restored.status).toBe(200);
    expect(restored.json.deleted_at).toBeNull();
    expect((await call("POST", `/conversations/${id}/restore`, { key: alice.key })).status).toBe(404);

    expect((await call("DELETE", `/conversations/${id}?permanent=true`, { key: alice.key })).status).toBe(204);
    expect(await db.conversation.findUnique({ where: { id } })).toBeNull();
    const gone = await call("GET", `/conversations/${id}`, { key: alice.key });
    expect(gone.status).toBe(404);
    expect(gone.json.error.code).toBe("not_found:conversation");
  });
});

describe("credentials, scopes and rate limits", () => {
  test("no credentials: 401; a bad or revoked key: 401", async () => {
    const none = await call("GET", "/conversations");
    expect(none.status).toBe(401);
    expect(none.json.error.code).toBe("unauthorized");
    const bad = await call("GET", "/conversations", { key: "pk_not-a-real-key" });
    expect(bad.status).toBe(401);
    expect(bad.json.error.code).toBe("unauthorized:token");
    const scheme = await call("GET", "/conversations", { headers: { authorization: "Basic abc" } });
    expect(scheme.status).toBe(401);
  });

  test("a key without the scope: 403 and nothing written", async () => {
    const readOnly = await keyFor(alice.id, ["conversations:read"]);
    const response = await call("POST", "/conversations", { key: readOnly, body: { title: "nope" } });
    expect(response.status).toBe(403);
    expect(response.json.error.code).toBe("forbidden:scope");
    expect(response.json.error.message).toContain("conversations:write");
    expect(await db.conversation.count({ where: { userId: alice.id } })).toBe(0);
    expect((await call("GET", "/conversations", { key: readOnly })).status).toBe(200);
  });

  test("q with conversations:read but not messages:read matches titles, never message text", async () => {
    const secret = await create({ title: "Holiday plans" });
    await db.message.create({
      data: {
        id: randomUUID(),
        conversationId: secret.id,
        authorId: alice.id,
        role: "user",
        content: "my bank PIN is 4711",
        parts: [{ type: "text", text: "my bank PIN is 4711" }],
        seq: 1,
      },
    });
    const titled = await create({ title: "PIN ideas" });
    const full = async (key: string, q: string) =>
      (await call("GET", `/conversations?q=${encodeURIComponent(q)}`, { key })).json.data.map(
        (c: { id: string }) => c.id,
      );
    expect(await full(alice.key, "4711")).toEqual([secret.id]);
    const listOnly = await keyFor(alice.id, ["conversations:read"]);
    expect(await full(listOnly, "4711")).toEqual([]);
    expect(await full(listOnly, "pin")).toEqual([titled.id]);
  });

  test("over the rate limit: 429 with Retry-After", async () => {
    await db.rateLimit.create({
      data: { key: `rl:api:${alice.id}`, count: 600, resetAt: new Date(Date.now() + 30_000) },
    });
    const response = await call("GET", "/conversations", { key: alice.key });
    expect(response.status).toBe(429);
    expect(response.json.error.code).toBe("rate_limited:api");
    const retryAfter = Number(response.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(30);
  });
});
