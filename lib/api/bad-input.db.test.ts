import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { type ApiUser, apiUser, call, routeFile } from "@/test/api";
import { db } from "../db/client";

// Input no client should send: each is refused with a 4xx in the one error shape, and nothing is written.
let user: ApiUser;
const key = () => user.key;

beforeAll(async () => {
  user = await apiUser();
  // Loads the route modules (slow on a busy machine) outside the tests' own time limits.
  await call("GET", "/conversations", { key: key() });
});

async function storedConversations() {
  return db.conversation.count({ where: { userId: user.id } });
}

/** Calls POST /conversations with raw bytes and headers, as a misbehaving client would. */
async function postRaw(body: Buffer | string, contentType?: string) {
  const module = await import(/* @vite-ignore */ routeFile("/conversations"));
  const headers = new Headers({ authorization: `Bearer ${key()}` });
  if (contentType) headers.set("content-type", contentType);
  const request = new Request("http://parley.test/api/v1/conversations", {
    method: "POST",
    headers,
    body: body as BodyInit,
  });
  const response: Response = await module.POST(request, { params: Promise.resolve({}) });
  return { status: response.status, json: await response.json() };
}

describe("NUL characters", () => {
  it("are refused with 422 in a title, a system prompt, a message, a search and a path id, writing nothing", async () => {
    const before = await storedConversations();
    const title = await call("POST", "/conversations", { key: key(), body: { title: "a\u0000b" } });
    expect(title.status).toBe(422);
    expect(title.json.error.fields[0]).toMatchObject({ field: "title" });
    const prompt = await call("POST", "/conversations", { key: key(), body: { system_prompt: "be\u0000nice" } });
    expect(prompt.status).toBe(422);
    expect(await storedConversations()).toBe(before);

    const created = await call("POST", "/conversations", { key: key(), body: { title: "ok" } });
    const id = created.json.id as string;
    const message = await call("POST", `/conversations/${id}/messages`, {
      key: key(),
      body: { id: randomUUID(), content: "hi\u0000there" },
    });
    expect(message.status).toBe(422);
    expect(await db.message.count({ where: { conversationId: id } })).toBe(0);

    const patched = await call("PATCH", `/conversations/${id}`, { key: key(), body: { system_prompt: "\u0000" } });
    expect(patched.status).toBe(422);
    expect((await db.conversation.findUnique({ where: { id } }))?.systemPrompt).toBeNull();

    expect((await call("GET", "/conversations?q=%00", { key: key() })).status).toBe(422);
    expect((await call("GET", "/conversations/%00", { key: key() })).status).toBe(422);
  });
});

describe("Unicode that is not", () => {
  it("refuses a body that is not UTF-8 (400) and a lone surrogate (422), storing no U+FFFD", async () => {
    const before = await storedConversations();
    const latin1 = Buffer.concat([Buffer.from('{"title":"caf'), Buffer.from([0xe9]), Buffer.from('"}')]);
    const invalid = await postRaw(latin1, "application/json");
    expect(invalid.status).toBe(400);
    expect(invalid.json.error.code).toBe("bad_request:encoding");
    const surrogate = await postRaw('{"title":"half \\ud800 a pair"}', "application/json");
    expect(surrogate.status).toBe(422);
    expect(surrogate.json.error.fields[0].field).toBe("title");
    expect(await storedConversations()).toBe(before);
    expect(await db.conversation.count({ where: { title: { contains: "\uFFFD" } } })).toBe(0);
  });

  it("refuses a query string that is not UTF-8", async () => {
    const response = await call("GET", "/conversations?q=caf%E9", { key: key() });
    expect(response.status).toBe(400);
    expect(response.json.error.code).toBe("bad_request:encoding");
  });
});

describe("content types", () => {
  it("answers 415 to JSON sent as text/plain or without a content type", async () => {
    const before = await storedConversations();
    expect((await postRaw('{"title":"plain"}', "text/plain")).status).toBe(415);
    expect((await postRaw('{"title":"untyped"}')).status).toBe(415);
    expect((await postRaw('{"title":"typed"}', "application/json; charset=utf-8")).status).toBe(201);
    expect(await storedConversations()).toBe(before + 1);
  });
});

describe("cursors out of range", () => {
  it("answer 400, not a database error", async () => {
    const created = await call("POST", "/conversations", { key: key(), body: {} });
    const id = created.json.id as string;
    const big = await call("GET", `/conversations/${id}/messages?cursor=9999999999`, { key: key() });
    expect(big.status).toBe(400);
    const yearZero = Buffer.from(JSON.stringify([false, "0000-01-01T00:00:00.000Z", "x"])).toString("base64url");
    const old = await call("GET", `/conversations?cursor=${yearZero}`, { key: key() });
    expect(old.status).toBe(400);
    expect(old.json.error.code).toBe("bad_request:cursor");
  });
});

describe("titles", () => {
  it("refuses a title of only invisible characters and keeps the old one", async () => {
    const created = await call("POST", "/conversations", { key: key(), body: { title: "Visible" } });
    const id = created.json.id as string;
    for (const title of ["\u200B\u200B", "\u2060\uFEFF", " \u00A0\u3164 ", "\u0301"]) {
      const response = await call("PATCH", `/conversations/${id}`, { key: key(), body: { title } });
      expect(response.status).toBe(422);
    }
    expect((await db.conversation.findUnique({ where: { id } }))?.title).toBe("Visible");
    const fine = await call("PATCH", `/conversations/${id}`, {
      key: key(),
      body: { title: "e\u0301t\u00E9 \u{1F600}" },
    });
    expect(fine.status).toBe(200);
  });
});
