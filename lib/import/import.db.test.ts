import { readFileSync } from "node:fs";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { afterEach, beforeAll, describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { createConversation, listConversations, setCurrentLeaf } from "@/lib/db/conversations";
import { getThread, listMessages, type Message } from "@/lib/db/messages";
import { toJson } from "@/lib/export/conversation-export";
import { planChatGpt } from "@/lib/import/chatgpt";
import { MAX_MESSAGE_CHARS } from "@/lib/limits";
import { type ApiUser, apiUser, call, callRaw } from "@/test/api";
import { addMessage } from "@/test/factories";

const fixtures = path.resolve(import.meta.dirname, "../../test/fixtures/import");
const chatgptFile = readFileSync(path.join(fixtures, "chatgpt-conversations.json"), "utf8");
const malformedFile = readFileSync(path.join(fixtures, "chatgpt-malformed.json"), "utf8");

const importFile = (user: ApiUser, rawBody: string, headers: Record<string, string> = {}) =>
  call("POST", "/conversations/import", { key: user.key, rawBody, headers });

async function conversationsOf(userId: string) {
  return db.conversation.findMany({ where: { userId }, orderBy: { createdAt: "asc" } });
}

async function allMessages(conversationId: string, userId: string): Promise<Message[]> {
  return (await listMessages({ conversationId, userId, limit: 100, order: "asc" })).items;
}

const text = (m: { content: string }) => m.content;

describe("reading a ChatGPT export", () => {
  const [lisbon, sales, porto] = JSON.parse(chatgptFile) as unknown[];

  test("keeps both branches of an edited question, in time order, and leaves out system and hidden nodes", () => {
    const result = planChatGpt(lisbon, new Date());
    if (!("plan" in result)) throw new Error(JSON.stringify(result.problems));
    const { plan } = result;
    expect(plan.source).toBe("chatgpt:6650a1f0-1111-4000-8000-000000000001");
    expect(plan.title).toBe("Lisbon in three days");
    expect(plan.skippedNodes).toBe(2);
    expect(plan.messages.map((m) => [m.role, m.content.slice(0, 20), m.parentKey])).toEqual([
      ["user", "Plan three days in L", null],
      ["assistant", "Day 1: Alfama and th", 0],
      ["user", "Where should I eat i", 1],
      ["assistant", "Try the pastéis de B", 2],
      ["user", "Is Sintra worth a wh", 1],
      ["assistant", "Yes: Pena Palace and", 4],
    ]);
    expect(plan.messages[1]?.modelId).toBe("gpt-4o");
    expect(plan.messages[0]?.createdAt.toISOString()).toBe("2024-05-01T10:40:00.000Z");
    // ChatGPT showed the older branch (current_node): that stays the chosen one.
    expect(plan.currentLeafKey).toBe(3);
  });

  test("an image becomes a placeholder; code addressed to a tool and its output are left out, as ChatGPT shows the answer", () => {
    const result = planChatGpt(sales, new Date());
    if (!("plan" in result)) throw new Error(JSON.stringify(result.problems));
    expect(result.plan.messages.map(text)).toEqual([
      "[Image not imported]\n\nWhat is the trend in this chart?",
      "Sales grow about 60% a month.",
    ]);
    // Reasoning, the empty assistant node, the code sent to the python tool and the tool's output.
    expect(result.plan.skippedNodes).toBe(4);
  });

  test("a conversation without an id is recognised by its content, without a title named by its first question", () => {
    const result = planChatGpt(porto, new Date());
    if (!("plan" in result)) throw new Error(JSON.stringify(result.problems));
    expect(result.plan.source).toMatch(/^chatgpt-sha256:[0-9a-f]{64}$/);
    expect(result.plan.title).toBe("What's the weather in Porto?");
    expect(result.plan.messages.map(text)).toEqual([
      "What's the weather in Porto?\n\n[Audio not imported]",
      "Around 18 °C and cloudy.",
    ]);
  });

  test("a node whose parent is missing, or a message without a role, is a problem with its path", () => {
    const [, broken] = JSON.parse(malformedFile) as unknown[];
    const result = planChatGpt(broken, new Date());
    expect("problems" in result && result.problems).toEqual([
      { path: "mapping.code1.message.author.role", message: expect.any(String) },
    ]);
    const noRoleFixed = JSON.parse(malformedFile)[1];
    noRoleFixed.mapping.code1.message.author.role = "assistant";
    expect(planChatGpt(noRoleFixed, new Date())).toEqual({
      problems: [{ path: "mapping.a1.parent", message: 'Node "deleted-node" is not in the mapping.' }],
    });
  });
});

describe("POST /conversations/import", () => {
  let alice: ApiUser;
  let bob: ApiUser;

  beforeAll(async () => {
    alice = await apiUser();
    bob = await apiUser();
  });

  afterEach(() => {
    delete process.env.PARLEY_IMPORT_MAX_MB;
  });

  test("imports a ChatGPT export with its branches, chosen branch and times, only into the caller's history", async () => {
    const response = await importFile(alice, chatgptFile);
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ object: "import", format: "chatgpt", imported: 3, skipped: 0, failed: 0 });
    expect(response.json.conversations.map((c: { left_out: number }) => c.left_out)).toEqual([2, 4, 1]);

    const stored = await conversationsOf(alice.id);
    expect(stored.map((c) => c.title)).toEqual(["Lisbon in three days", "Sales chart", "What's the weather in Porto?"]);
    const lisbon = stored[0]!;
    expect(lisbon.createdAt.toISOString()).toBe("2024-05-01T10:40:00.000Z");
    expect(lisbon.updatedAt.toISOString()).toBe("2024-05-01T10:42:05.000Z");
    const messages = await allMessages(lisbon.id, alice.id);
    expect(messages).toHaveLength(6);
    expect(messages.filter((m) => m.parentId === messages[1]!.id).map(text)).toEqual([
      "Where should I eat in Belém?",
      "Is Sintra worth a whole day?",
    ]);
    expect(messages[0]).toMatchObject({ authorId: alice.id, role: "user", status: "complete" });
    const thread = await getThread({ conversationId: lisbon.id, userId: alice.id });
    expect(thread.messages.map(text).at(-1)).toBe("Try the pastéis de Belém — queue early.");
    expect(thread.messages.at(-2)?.siblingIds).toHaveLength(2);

    // The sidebar lists them (by their own last activity), and nobody else has them.
    const page = await listConversations({ userId: alice.id, limit: 10 });
    expect(page.items.map((c) => c.title)).toEqual([
      "What's the weather in Porto?",
      "Sales chart",
      "Lisbon in three days",
    ]);
    expect(await conversationsOf(bob.id)).toEqual([]);
  });

  test("importing the same ChatGPT file again adds nothing; another person importing it gets their own copy", async () => {
    const before = await db.message.count();
    const again = await importFile(alice, chatgptFile);
    expect(again.json).toMatchObject({ imported: 0, skipped: 3, failed: 0 });
    expect(again.json.conversations[0].reason).toBe("Already imported.");
    expect(await db.message.count()).toBe(before);

    const bobs = await importFile(bob, chatgptFile);
    expect(bobs.json).toMatchObject({ imported: 3, skipped: 0 });
    expect((await conversationsOf(bob.id)).map((c) => c.userId)).toEqual([bob.id, bob.id, bob.id]);
    expect(await conversationsOf(alice.id)).toHaveLength(3);
  });

  test("two imports of one file at once still store it once", async () => {
    const carol = await apiUser();
    const results = await Promise.all([importFile(carol, chatgptFile), importFile(carol, chatgptFile)]);
    expect(results.map((r) => r.json.imported + r.json.skipped)).toEqual([3, 3]);
    expect(results[0]!.json.imported + results[1]!.json.imported).toBe(3);
    expect(await conversationsOf(carol.id)).toHaveLength(3);
  });

  test("a malformed file is refused with each problem's conversation and path, and nothing is imported", async () => {
    const dave = await apiUser();
    const response = await importFile(dave, malformedFile);
    expect(response.status).toBe(422);
    expect(response.json.error.code).toBe("validation:import");
    expect(response.json.error.message).toMatch(/^Nothing was imported\./);
    expect(response.json.error.fields).toEqual([
      {
        field: "1.mapping.code1.message.author.role",
        message: expect.stringContaining('Conversation 2 ("Sales chart"), mapping.code1.message.author.role:'),
      },
    ]);
    expect(await conversationsOf(dave.id)).toEqual([]);

    const cut = await importFile(dave, chatgptFile.slice(0, chatgptFile.length / 2));
    expect(cut.status).toBe(400);
    expect(cut.json.error.message).toMatch(/cut off/);
    const notExport = await importFile(dave, JSON.stringify([{ title: "a list of something else" }]));
    expect(notExport.status).toBe(422);
    expect(notExport.json.error.message).toMatch(/neither a ChatGPT conversation/);
    const zip = await importFile(dave, "PK\u0003\u0004rest of a zip");
    // Zips are read now (ChatGPT mails its export as one): a cut-off one says so.
    expect(zip.status).toBe(422);
    expect(zip.json.error.message).toMatch(/This zip file is damaged or cut off/);
    expect((await importFile(dave, "[]")).status).toBe(422);
    expect(await conversationsOf(dave.id)).toEqual([]);
  });

  test("a file over the limit is refused with 413 before anything is stored", async () => {
    process.env.PARLEY_IMPORT_MAX_MB = "0.005"; // 5,242 bytes; the fixture is about 12 kB
    const erin = await apiUser();
    const response = await importFile(erin, chatgptFile);
    expect(response.status).toBe(413);
    expect(response.json.error).toMatchObject({
      code: "payload_too_large:import",
      message: "The file is larger than the 5 KB import limit.",
    });
    const declared = await importFile(erin, "[]", { "content-length": String(10 * 1024 * 1024) });
    expect(declared.status).toBe(413);
    expect(await conversationsOf(erin.id)).toEqual([]);
  });

  test("a form upload is refused with 415 saying how to send the file", async () => {
    const response = await importFile(alice, chatgptFile, { "content-type": "multipart/form-data; boundary=x" });
    expect(response.status).toBe(415);
    expect(response.json.error.message).toMatch(/file itself as the body/);
  });

  test("with Accept: application/x-ndjson it streams progress, then the result", async () => {
    const frank = await apiUser();
    const response = await callRaw("POST", "/conversations/import", {
      key: frank.key,
      rawBody: chatgptFile,
      headers: { accept: "application/x-ndjson" },
    });
    expect(response.headers.get("content-type")).toBe("application/x-ndjson");
    const lines = (await response.text())
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines[0]).toEqual({ type: "progress", done: 0, total: 3 });
    expect(lines.at(-2)).toEqual({ type: "progress", done: 3, total: 3 });
    expect(lines.at(-1)).toMatchObject({ type: "result", result: { imported: 3, skipped: 0, failed: 0 } });
  });
});

describe("Parley's own JSON export, imported back", () => {
  async function branchedConversation(userId: string) {
    const conversation = await createConversation({ userId, title: "Branches", systemPrompt: "Be brief." });
    const u1 = await addMessage(conversation, { role: "user", text: "First", parentId: null });
    const a1 = await addMessage(conversation, { role: "assistant", text: "One", status: "complete", parentId: u1.id });
    const u2 = await addMessage(conversation, { role: "user", text: "Old follow-up", parentId: a1.id });
    await addMessage(conversation, { role: "assistant", text: "Old", status: "complete", parentId: u2.id });
    const u2b = await addMessage(conversation, { role: "user", text: "New follow-up", parentId: a1.id });
    await addMessage(conversation, {
      role: "assistant",
      text: "Stopped",
      status: "aborted",
      parentId: u2b.id,
      parts: [
        { type: "text", text: "Stopped" },
        { type: "reasoning", text: "thinking" },
      ],
    });
    // The person went back to the old branch.
    await setCurrentLeaf({ id: conversation.id, userId, messageId: u2.id });
    const stored = await db.conversation.findUniqueOrThrow({ where: { id: conversation.id } });
    return { conversation: stored, messages: await allMessages(conversation.id, userId) };
  }

  const shape = (messages: Message[]) => {
    const index = new Map(messages.map((m, i) => [m.id, i]));
    return messages.map((m) => ({
      parent: m.parentId === null ? null : index.get(m.parentId),
      role: m.role,
      content: m.content,
      parts: m.parts,
      status: m.status,
      modelId: m.modelId,
      createdAt: m.createdAt.toISOString(),
    }));
  };

  test("export → import gives the same conversation, every branch and the chosen one, with fresh ids", async () => {
    const owner = await apiUser();
    const reader = await apiUser();
    const original = await branchedConversation(owner.id);
    const file = toJson(original);

    const response = await importFile(reader, file);
    expect(response.json).toMatchObject({ format: "parley", imported: 1, skipped: 0, failed: 0 });
    const [copy] = await conversationsOf(reader.id);
    expect(copy).toMatchObject({
      title: "Branches",
      systemPrompt: "Be brief.",
      createdAt: original.conversation.createdAt,
      updatedAt: original.conversation.updatedAt,
    });
    expect(copy!.id).not.toBe(original.conversation.id);
    const copied = await allMessages(copy!.id, reader.id);
    expect(shape(copied)).toEqual(shape(original.messages));
    expect(copied.map((m) => m.id).filter((id) => original.messages.some((m) => m.id === id))).toEqual([]);
    const thread = await getThread({ conversationId: copy!.id, userId: reader.id });
    expect(thread.messages.map(text)).toEqual(["First", "One", "Old follow-up", "Old"]);

    // Idempotent, and an owner importing their own export back gets nothing twice either.
    expect((await importFile(reader, file)).json).toMatchObject({ imported: 0, skipped: 1 });
    const own = await importFile(owner, `[${file}]`);
    expect(own.json).toMatchObject({ imported: 0, skipped: 1 });
    expect(own.json.conversations[0].reason).toBe("Already in your history.");
    expect(await conversationsOf(owner.id)).toHaveLength(1);
  });

  test("a message whose parent is not earlier in the file is refused, naming it", async () => {
    const user = await apiUser();
    const original = await branchedConversation(user.id);
    const exported = JSON.parse(toJson(original));
    exported.messages[2].parentId = "nowhere";
    await db.conversation.delete({ where: { id: original.conversation.id } });
    const response = await importFile(user, JSON.stringify(exported));
    expect(response.status).toBe(422);
    expect(response.json.error.fields[0].field).toBe("0.messages.2.parentId");
    expect(await conversationsOf(user.id)).toEqual([]);
  });
});

describe("an import obeys the limits a send obeys", () => {
  let carol: ApiUser;
  beforeAll(async () => {
    carol = await apiUser();
  });

  /** A one-question ChatGPT conversation asking `question`. */
  const conversationAsking = (id: string, question: string) => ({
    id,
    title: "Long",
    create_time: 1_714_560_000,
    mapping: {
      root: { message: null, parent: null, children: ["q"] },
      q: {
        parent: "root",
        children: [],
        message: { author: { role: "user" }, content: { content_type: "text", parts: [question] }, create_time: 1 },
      },
    },
  });

  test("a 40-million-character message is cut at 32,000 characters, said in the summary, without stalling the server", async () => {
    const file = new Uint8Array(
      Buffer.from(JSON.stringify([conversationAsking("huge-1", `Start. ${"x".repeat(40_000_000)}`)])),
    );
    // The route's modules loaded first: loading code is not what is measured.
    await importFile(await apiUser(), JSON.stringify([conversationAsking("warm-up", "Hello?")]));
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const response = await call("POST", "/conversations/import", { key: carol.key, rawBody: file });
    delay.disable();
    expect(response.status, response.text).toBe(200);
    expect(response.json).toMatchObject({ imported: 1, messages_cut: 1 });
    expect(response.json.conversations[0]).toMatchObject({ cut: 1, messages: 1 });
    const [stored] = await conversationsOf(carol.id);
    const [message] = await allMessages(stored!.id, carol.id);
    expect(message!.content.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
    expect(message!.content).toMatch(/^Start\. x+/);
    expect(message!.content).toMatch(/\[Cut on import: the original was longer than 32,000 characters\.\]$/);
    // Longest the event loop waited during the import: other requests would have waited as long.
    expect(delay.max / 1e6).toBeLessThan(400);
  });

  test("a part nested 200,000 levels deep is a clear 400, not a 500", async () => {
    const deep = `${'{"a":'.repeat(200_000)}1${"}".repeat(200_000)}`;
    const time = "2024-05-01T10:00:00.000Z";
    // A Parley export whose one message has a tool part with a 200,000-level input.
    const parley = JSON.stringify({
      format: "parley.conversation.v1",
      conversation: { id: "deep-parley", title: "Deep", createdAt: time, updatedAt: time },
      messages: [
        {
          id: "m1",
          parentId: null,
          role: "assistant",
          content: "Deep?",
          parts: [{ type: "tool-search", toolCallId: "c1", state: "output-available", input: "DEEP" }],
          createdAt: time,
        },
      ],
    }).replace('"DEEP"', deep);
    const chatgpt = JSON.stringify([conversationAsking("deep-1", "Deep?")]).replace(/}]$/, `,"extra":${deep}}]`);
    for (const file of [parley, chatgpt]) {
      const response = await importFile(carol, file);
      expect(response.status, response.text.slice(0, 300)).toBe(400);
      expect(response.json.error.code).toBe("bad_request:import");
      expect(response.json.error.message).toContain("nested more than 100 levels deep");
    }
    expect((await conversationsOf(carol.id)).filter((c) => c.title === "Deep")).toEqual([]);
  });
});
