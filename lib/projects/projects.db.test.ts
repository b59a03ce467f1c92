import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attachmentLimits } from "@/lib/attachments/limits";
import { createAttachment } from "@/lib/db/attachments";
import { db } from "@/lib/db/client";
import { addConnectionModels, createConnection } from "@/lib/db/connections";
import { listMessages } from "@/lib/db/messages";
import { searchPassages } from "@/lib/db/passages";
import { claimNextJob } from "@/lib/db/project-jobs";
import { addProjectFile, createProject } from "@/lib/db/projects";
import { toJson, toMarkdown } from "@/lib/export/conversation-export";
import { type ApiUser, apiUser, call } from "@/test/api";
import { type MockServer, startMockServer } from "@/test/openai-mock-server";
import { wakeIndexer } from "./indexer";

// Issue 26's "done means": a ~300 KB document goes into a project through the REST API; a question whose answer
// is one passage brings that passage to the model (checked at the mock model server), not the document; the
// stored reply names the file in `sources`; another account gets 404 on the project.

const ANSWER = "The emergency gate code for the north warehouse is 4417-ZEBRA";
const LAST_LINE = "Closing remark: the quarterly filler index ends with marker QX-LAST-91.";
const INSTRUCTIONS = "Answer as the handbook's librarian. Marker INSTR-7731.";

/** About 300 KB of Markdown that never mentions gates, codes or warehouses except in the one passage. */
function handbook(): string {
  const words =
    "policy staff leave holiday payroll meeting desk laptop travel expense review badge parking canteen".split(" ");
  const paragraphs: string[] = [];
  let seed = 7;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed;
  };
  for (let i = 0; paragraphs.join("\n\n").length < 300_000; i++) {
    const sentence = Array.from({ length: 60 }, () => words[next() % words.length]).join(" ");
    paragraphs.push(`## Section ${i}\n\n${sentence}.`);
    if (i === 120) paragraphs.push(`## Site access\n\n${ANSWER}. Change it every spring.`);
  }
  paragraphs.push(LAST_LINE);
  return paragraphs.join("\n\n");
}

let mock: MockServer;
let alice: ApiUser;
let bob: ApiUser;

beforeAll(async () => {
  delete process.env.OPENAI_BASE_URL;
  delete process.env.OPENAI_API_KEY;
  delete process.env.PARLEY_MODELS;
  process.env.PARLEY_MODEL_MAX_RETRIES = "0";
  mock = await startMockServer();
  const connection = await createConnection({
    name: "Mock",
    kind: "openai-compatible",
    baseUrl: mock.baseURL,
    apiKey: null,
  });
  await addConnectionModels(
    connection.id,
    [{ remoteId: "mock-rag", vision: false, tools: true, reasoning: false, contextWindow: 128_000 }],
    new Set(),
  );
  [alice, bob] = await Promise.all([apiUser(), apiUser()]);
});
afterAll(() => mock.close());

async function upload(key: string, name: string, text: string) {
  const form = new FormData();
  form.set("file", new File([text], name, { type: "text/markdown" }));
  const response = await call("POST", "/files", { key, form });
  expect(response.status).toBe(201);
  return response.json.id as string;
}

async function readyProject(key: string, id: string) {
  await expect
    .poll(
      async () => (await call("GET", `/projects/${id}`, { key })).json.files.map((f: { status: string }) => f.status),
      {
        timeout: 20_000,
      },
    )
    .toEqual(["ready"]);
  return (await call("GET", `/projects/${id}`, { key })).json;
}

describe("a project's files answer questions in its chats", () => {
  it("brings the one passage to the model (not the document), cites the file, and is 404 to anyone else", async () => {
    const document = handbook();
    expect(document.length).toBeGreaterThan(295_000);
    const fileId = await upload(alice.key, "handbook.md", document);

    const created = await call("POST", "/projects", {
      key: alice.key,
      body: { name: "Handbook", instructions: INSTRUCTIONS },
    });
    expect(created.status).toBe(201);
    const projectId = created.json.id as string;

    // Indexing runs after the answer: the request does not wait for it.
    const added = await call("POST", `/projects/${projectId}/files`, { key: alice.key, body: { file_id: fileId } });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ file_id: fileId, name: "handbook.md", status: "queued", passages: 0 });
    const project = await readyProject(alice.key, projectId);
    const passages = project.files[0].passages as number;
    expect(passages).toBeGreaterThan(200);
    expect(project.files[0].passage_bytes).toBeGreaterThan(document.length * 0.9);

    // Added again: the same row, not indexed twice.
    const again = await call("POST", `/projects/${projectId}/files`, { key: alice.key, body: { file_id: fileId } });
    expect(again.json).toMatchObject({ status: "ready", passages });
    await wakeIndexer();
    expect(await db.passage.count({ where: { attachmentId: fileId } })).toBe(passages);

    const conversation = await call("POST", "/conversations", {
      key: alice.key,
      body: { project_id: projectId, model: "mock-rag" },
    });
    expect(conversation.status).toBe(201);
    expect(conversation.json.project_id).toBe(projectId);

    const before = mock.streamedRequests().length;
    const sent = await call("POST", `/conversations/${conversation.json.id}/messages`, {
      key: alice.key,
      body: { content: "What is the emergency gate code for the north warehouse?" },
    });
    expect(sent.status).toBe(201);
    const request = mock.streamedRequests()[before];
    const prompt = JSON.stringify(request?.messages);
    expect(prompt).toContain(ANSWER);
    expect(prompt).toContain("INSTR-7731");
    expect(prompt).not.toContain(LAST_LINE);
    expect(prompt.length).toBeLessThan(20_000);
    expect(request?.tools).toContain("searchProjectFiles");

    const reply = sent.json.assistant_message;
    expect(reply.status).toBe("complete");
    expect(reply.sources[0]).toMatchObject({ file_id: fileId, name: "handbook.md", page: null });
    const offset = reply.sources[0].offset as number;
    expect(document.slice(offset, offset + 1300)).toContain(ANSWER);
    const stored = await call("GET", `/messages/${reply.id}`, { key: alice.key });
    expect(stored.json.sources).toEqual(reply.sources);

    // A share names the source, never the file's contents or id; an export carries the sources too.
    const share = await call("POST", `/conversations/${conversation.json.id}/shares`, { key: alice.key, body: {} });
    expect(share.status).toBe(201);
    const snapshot = JSON.stringify((await db.sharedLink.findUniqueOrThrow({ where: { id: share.json.id } })).messages);
    expect(snapshot).toContain("handbook.md");
    expect(snapshot).not.toContain("4417-ZEBRA");
    expect(snapshot).not.toContain(fileId);
    const exported = {
      conversation: {
        ...conversation.json,
        modelId: null,
        systemPrompt: null,
        createdAt: new Date(),
        updatedAt: new Date(),
      },
      messages: (await listMessages({ conversationId: conversation.json.id, userId: alice.id, limit: 10 })).items,
    };
    expect(toMarkdown(exported)).toContain("Sources: handbook.md, character");
    expect(JSON.parse(toJson(exported)).messages[1].sources[0]).toMatchObject({ fileId, name: "handbook.md" });

    // Another account: the project, its files and passages are not there for them.
    expect((await call("GET", `/projects/${projectId}`, { key: bob.key })).status).toBe(404);
    expect((await call("PATCH", `/projects/${projectId}`, { key: bob.key, body: { name: "x" } })).status).toBe(404);
    const bobChat = await call("POST", "/conversations", { key: bob.key, body: { project_id: projectId } });
    expect(bobChat.status).toBe(404);
    expect(await searchPassages({ userId: bob.id, projectId, query: "emergency gate code" })).toEqual([]);
    expect((await searchPassages({ userId: alice.id, projectId, query: "emergency gate code" }))[0]?.text).toContain(
      ANSWER,
    );

    // Removing the file removes its passages, from the table and from the full-text index.
    const removed = await call("DELETE", `/projects/${projectId}/files/${fileId}`, { key: alice.key });
    expect(removed.status).toBe(204);
    expect(await db.passage.count({ where: { attachmentId: fileId } })).toBe(0);
    expect(await searchPassages({ userId: alice.id, projectId, query: "emergency gate code" })).toEqual([]);
  });

  it("searches with %, _ and quotes as plain characters", async () => {
    const project = await createProject({ userId: alice.id, name: "Symbols" });
    const fileId = await upload(alice.key, "symbols.txt", 'The discount is 50% off for snake_case "quoted" items.');
    await addProjectFile({ projectId: project.id, userId: alice.id, attachmentId: fileId });
    await wakeIndexer();
    for (const query of ['"quoted', "50%", "snake_case", "' OR 1=1 --", 'NEAR("x")', "*"]) {
      const hits = await searchPassages({ userId: alice.id, projectId: project.id, query });
      if (query === "*") expect(hits).toEqual([]);
      else if (query.includes("OR 1=1")) expect(hits).toEqual([]);
      else if (query.startsWith("NEAR")) expect(hits).toEqual([]);
      else expect(hits.map((h) => h.attachmentId)).toEqual([fileId]);
    }
  });

  it("counts passages against the storage quota", async () => {
    const user = await apiUser();
    const project = await createProject({ userId: user.id, name: "Quota" });
    const text = "quota words ".repeat(2000);
    const fileId = await upload(user.key, "quota.txt", text);
    await addProjectFile({ projectId: project.id, userId: user.id, attachmentId: fileId });
    await wakeIndexer();
    const row = await db.projectFile.findFirstOrThrow({ where: { attachmentId: fileId } });
    expect(row.passageBytes).toBeGreaterThan(text.length * 0.9);
    // Room for the file alone, but not for the file, its passages and one more byte.
    const limits = { ...attachmentLimits(), quotaBytes: text.length + row.passageBytes };
    const more = {
      userId: user.id,
      name: "x.txt",
      mediaType: "text/plain",
      width: null,
      height: null,
      pageCount: null,
    };
    await expect(createAttachment({ ...more, data: Buffer.from("x"), text: "x" }, limits)).rejects.toThrow(/quota/);
  });

  it("gives a queued file to exactly one of several instances", async () => {
    const project = await createProject({ userId: alice.id, name: "Claims" });
    const fileId = await upload(alice.key, "claims.txt", "claimed once");
    await db.projectFile.create({ data: { projectId: project.id, userId: alice.id, attachmentId: fileId } });
    const claims = await Promise.all(["a", "b", "c", "d"].map((worker) => claimNextJob(`test-${worker}`)));
    expect(claims.filter((c) => c?.attachmentId === fileId)).toHaveLength(1);
    await wakeIndexer();
  });
});
