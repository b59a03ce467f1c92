import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createServer } from "node:net";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startReply } from "@/lib/chat/generate";
import { db } from "@/lib/db/client";
import { createMcpServer, listMcpServers, updateMcpServer, updateMcpTool } from "@/lib/db/mcp-servers";
import { getMessage } from "@/lib/db/messages";
import { createRole, grantRole } from "@/lib/db/roles";
import { apiUser, call } from "@/test/api";
import { createTestUser } from "@/test/factories";
import { type McpTestServer, startMcpTestServer } from "@/test/mcp-test-server";
import { answerApproval, pendingApprovals } from "../../chat/approval";
import type { MessagePart } from "../../db/messages";
import { closeMcpClients } from "./connection";
import { refreshMcpServer } from "./discovery";
import { MAX_TOOL_RESULT_CHARS } from "./results";

// Real MCP servers on loopback: one written with the official SDK (Streamable HTTP, bearer token) and the
// reference "everything" server over stdio and SSE. The model is the offline model, which calls a tool
// when told "use <tool>: <text>".

const TOKEN = "test-bearer-token-9f8e7d6c5b4a";
const saved = { ...process.env };
let server: McpTestServer;

beforeAll(async () => {
  process.env.OPENAI_API_KEY = "";
  delete process.env.OPENAI_BASE_URL;
  delete process.env.PARLEY_MODELS;
  process.env.PARLEY_OFFLINE_DELAY_MS = "1";
  server = await startMcpTestServer({ token: TOKEN });
});
afterAll(async () => {
  await server.stop();
  await closeMcpClients();
  for (const key of ["OPENAI_API_KEY", "PARLEY_OFFLINE_DELAY_MS", "PARLEY_MCP_TIMEOUT_SECONDS", "PARLEY_MCP_STDIO"]) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});
beforeEach(() => {
  server.calls.length = 0;
});
afterEach(async () => {
  await db.mcpServer.deleteMany({});
  await closeMcpClients();
  delete process.env.PARLEY_MCP_TIMEOUT_SECONDS;
});

async function addServer(input: { name?: string; url?: string; token?: string | null } = {}) {
  const row = await createMcpServer({
    name: input.name ?? "Demo",
    transport: "http",
    url: input.url ?? server.url,
    token: input.token === undefined ? TOKEN : input.token,
  });
  return { row, listed: await refreshMcpServer(row.id) };
}

/** Sends the text and waits for the stored reply. */
async function ask(userId: string, text: string, conversationId = randomUUID(), parentId: string | null = null) {
  const handle = await startReply({ userId, conversationId, userMessage: { id: randomUUID(), text, parentId } });
  await handle.stream.cancel();
  await handle.done;
  const reply = await getMessage({ id: handle.assistantMessageId, userId });
  if (!reply) throw new Error("no reply stored");
  return { reply, parts: reply.parts as MessagePart[], conversationId };
}

function toolPart(parts: MessagePart[]) {
  const part = parts.find((p) => p.type.startsWith("tool-Demo__"));
  if (!part) throw new Error(`no MCP tool part in ${JSON.stringify(parts)}`);
  return part;
}

describe("MCP servers: listing tools", () => {
  it("lists a server's tools with the bearer token, stores the token sealed and never returns it", async () => {
    const { row, listed } = await addServer();
    expect(listed).toMatchObject({ ok: true, count: 4 });
    const [stored] = await listMcpServers();
    expect(stored).toMatchObject({ id: row.id, status: "connected", statusReason: null, tokenHint: "5b4a" });
    expect(stored?.tools.map((t) => [t.name, t.description])).toEqual([
      ["echo", "Says the text back."],
      ["fail", "Always fails."],
      ["huge", "Answers a million characters."],
      ["slow", "Waits before answering."],
    ]);
    expect(JSON.stringify(stored)).not.toContain(TOKEN);
    const raw = await db.mcpServer.findUniqueOrThrow({ where: { id: row.id } });
    expect(JSON.stringify(raw)).not.toContain(TOKEN);
    expect(raw.tokenSealed).toMatch(/^v1\./);
  });

  it("records a wrong token and an address where nothing answers as failing, with the reason", async () => {
    const wrong = await addServer({ name: "Wrong", token: "not-the-token" });
    expect(wrong.listed).toMatchObject({ ok: false, message: expect.stringContaining("401") });
    const closed = await addServer({ name: "Closed", url: `http://127.0.0.1:${await freePort()}/mcp` });
    expect(closed.listed.ok).toBe(false);
    const rows = await listMcpServers();
    expect(rows.map((r) => [r.name, r.status])).toEqual([
      ["Wrong", "failing"],
      ["Closed", "failing"],
    ]);
    expect(rows[1]?.statusReason).toMatch(/nothing answers|connect/i);
  });
});

describe("MCP tools in replies", () => {
  it("calls the tool, stores the call and its result with the reply, and the model answers from it", async () => {
    await addServer();
    const user = await createTestUser();
    const { reply, parts } = await ask(user.id, "use echo: hello from Parley");
    expect(server.calls).toEqual([{ tool: "echo", args: { text: "hello from Parley" } }]);
    expect(toolPart(parts)).toMatchObject({
      type: "tool-Demo__echo",
      state: "output-available",
      input: { text: "hello from Parley" },
      output: "echo: hello from Parley",
    });
    expect(reply.status).toBe("complete");
    expect(reply.content).toContain("echo: hello from Parley");
    expect(reply.toolCalls).toEqual([
      expect.objectContaining({ toolName: "Demo__echo", input: { text: "hello from Parley" } }),
    ]);
  });

  it("a slow, failing or oversized tool never breaks the reply: the model is told, the card says why", async () => {
    await addServer();
    const user = await createTestUser();
    process.env.PARLEY_MCP_TIMEOUT_SECONDS = "1";
    const slow = await ask(user.id, "use slow: 5");
    expect(slow.reply.status).toBe("complete");
    expect(toolPart(slow.parts)).toMatchObject({
      state: "output-error",
      errorText: expect.stringMatching(/Demo: .*1 s/),
    });
    expect(slow.reply.content).toMatch(/failed/);

    const failing = await ask(user.id, "use fail");
    expect(toolPart(failing.parts)).toMatchObject({
      state: "output-error",
      errorText: "Demo: the database behind this tool is down",
    });

    const huge = await ask(user.id, "use huge");
    const output = String(toolPart(huge.parts).output);
    expect(output.length).toBeLessThan(MAX_TOOL_RESULT_CHARS + 100);
    expect(output).toMatch(/more characters left out/);
  });

  it("a server that goes down fails the call with a reason, and is used again once it is back", async () => {
    const down = await startMcpTestServer({ token: TOKEN });
    await addServer({ url: down.url });
    const user = await createTestUser();
    expect(toolPart((await ask(user.id, "use echo: one")).parts).state).toBe("output-available");
    await down.stop();
    const failed = await ask(user.id, "use echo: two");
    expect(failed.reply.status).toBe("complete");
    expect(toolPart(failed.parts)).toMatchObject({
      state: "output-error",
      errorText: expect.stringMatching(/^Demo: /),
    });
    // The admin page shows what the calls found.
    await expect.poll(async () => (await listMcpServers())[0]?.status).toBe("failing");
    const back = await startMcpTestServer({ token: TOKEN, port: down.port });
    try {
      expect(toolPart((await ask(user.id, "use echo: three")).parts)).toMatchObject({
        state: "output-available",
        output: "echo: three",
      });
      await expect.poll(async () => (await listMcpServers())[0]?.status).toBe("connected");
    } finally {
      await back.stop();
    }
  });

  it("offers only the tools the admin left on, and a change reaches the cached connection at once", async () => {
    const { row } = await addServer();
    const user = await createTestUser();
    const echo = (await listMcpServers())[0]?.tools.find((t) => t.name === "echo");
    await updateMcpTool(row.id, echo?.id ?? "", { enabled: false, askBeforeRunning: false });
    const off = await ask(user.id, "use echo: hidden");
    expect(off.parts.some((p) => p.type.startsWith("tool-"))).toBe(false);
    expect(server.calls).toEqual([]);
    await updateMcpTool(row.id, echo?.id ?? "", { enabled: true, askBeforeRunning: false });
    expect(toolPart((await ask(user.id, "use echo: shown")).parts).state).toBe("output-available");
  });

  it("a role without the server cannot call it: not by sending, regenerating or editing", async () => {
    const { row } = await addServer();
    const allowed = await createRole({ name: `mcp-${randomUUID().slice(0, 8)}`, description: null });
    const other = await createRole({ name: `plain-${randomUUID().slice(0, 8)}`, description: null });
    await updateMcpServer(row.id, { allowedRoles: [allowed.id] });
    const outsider = await createTestUser();
    await grantRole({ userId: outsider.id, roleId: other.id });
    const sent = await ask(outsider.id, "use echo: let me in");
    expect(sent.parts.some((p) => p.type.startsWith("tool-"))).toBe(false);
    // Regenerate the same message, then edit it (a sibling under the same parent): still no tool.
    const userMessageId = sent.reply.parentId ?? "";
    const again = await startReply({
      userId: outsider.id,
      conversationId: sent.conversationId,
      regenerateOf: userMessageId,
    });
    await again.stream.cancel();
    await again.done;
    const regenerated = await getMessage({ id: again.assistantMessageId, userId: outsider.id });
    expect(((regenerated?.parts ?? []) as MessagePart[]).some((p) => p.type.startsWith("tool-"))).toBe(false);
    const edited = await ask(outsider.id, "use echo: edited", sent.conversationId, null);
    expect(edited.parts.some((p) => p.type.startsWith("tool-"))).toBe(false);
    expect(server.calls).toEqual([]);

    const member = await createTestUser();
    await grantRole({ userId: member.id, roleId: allowed.id });
    expect(toolPart((await ask(member.id, "use echo: member")).parts).state).toBe("output-available");
  });
});

describe("Ask before running", () => {
  async function paused(userId: string, text: string) {
    const asked = await ask(userId, text);
    const [pending] = pendingApprovals(asked.parts);
    if (!pending) throw new Error(`no pending approval in ${JSON.stringify(asked.parts)}`);
    return { ...asked, pending };
  }

  async function answer(userId: string, messageId: string, approvalId: string, approved: boolean) {
    const handle = await answerApproval({ userId, messageId, approvalId, approved });
    await handle.stream.cancel();
    await handle.done;
    const stored = await getMessage({ id: messageId, userId });
    return { reply: stored, parts: stored?.parts as MessagePart[] };
  }

  it("pauses at the call; Deny tells the model and runs nothing; Allow runs it; a second answer is refused", async () => {
    const { row } = await addServer();
    await updateMcpServer(row.id, { askBeforeRunning: true });
    const user = await createTestUser();

    const first = await paused(user.id, "use echo: secret plan");
    expect(first.reply.status).toBe("complete");
    expect(first.pending).toMatchObject({ toolName: "Demo__echo", input: { text: "secret plan" } });
    expect(server.calls).toEqual([]);
    const denied = await answer(user.id, first.reply.id, first.pending.approvalId, false);
    expect(server.calls).toEqual([]);
    expect(denied.reply?.status).toBe("complete");
    expect(toolPart(denied.parts).state).toBe("output-denied");
    expect(denied.reply?.content).toMatch(/did not run the Demo__echo tool: you denied it/);
    await expect(
      answerApproval({
        userId: user.id,
        messageId: first.reply.id,
        approvalId: first.pending.approvalId,
        approved: true,
      }),
    ).rejects.toMatchObject({ code: "conflict:approval" });

    const second = await paused(user.id, "use echo: go ahead");
    // Another person's answer is a 404, and runs nothing.
    const stranger = await createTestUser();
    await expect(
      answerApproval({
        userId: stranger.id,
        messageId: second.reply.id,
        approvalId: second.pending.approvalId,
        approved: true,
      }),
    ).rejects.toMatchObject({ code: "not_found:message" });
    expect(server.calls).toEqual([]);
    const allowed = await answer(user.id, second.reply.id, second.pending.approvalId, true);
    expect(server.calls).toEqual([{ tool: "echo", args: { text: "go ahead" } }]);
    expect(toolPart(allowed.parts)).toMatchObject({ state: "output-available", output: "echo: go ahead" });
    expect(allowed.reply?.content).toContain("echo: go ahead");
  });

  it("refuses an Allow once the person's role lost the server, and runs nothing", async () => {
    const { row } = await addServer();
    await updateMcpServer(row.id, { askBeforeRunning: true });
    const user = await createTestUser();
    const first = await paused(user.id, "use echo: before");
    const role = await createRole({ name: `none-${randomUUID().slice(0, 8)}`, description: null });
    await updateMcpServer(row.id, { allowedRoles: [role.id] });
    await expect(
      answerApproval({
        userId: user.id,
        messageId: first.reply.id,
        approvalId: first.pending.approvalId,
        approved: true,
      }),
    ).rejects.toMatchObject({ code: "forbidden:tool" });
    expect(server.calls).toEqual([]);
  });
});

describe("the REST API", () => {
  it("a program sees the waiting call in the message's parts and answers it at /messages/{id}/approval", async () => {
    const { row } = await addServer();
    await updateMcpServer(row.id, { askBeforeRunning: true });
    const user = await apiUser();
    const conversation = await call("POST", "/conversations", { key: user.key, body: { title: "tools" } });
    const sent = await call("POST", `/conversations/${conversation.json.id}/messages`, {
      key: user.key,
      body: { content: "use echo: via REST" },
    });
    expect(sent.status).toBe(201);
    const reply = sent.json.assistant_message;
    const waiting = reply.parts.find((p: MessagePart) => p.state === "approval-requested");
    expect(waiting).toMatchObject({ type: "tool-Demo__echo", input: { text: "via REST" } });
    expect(server.calls).toEqual([]);
    // Another person's key: 404, nothing runs.
    const stranger = await apiUser();
    const refused = await call("POST", `/messages/${reply.id}/approval`, {
      key: stranger.key,
      body: { approval_id: waiting.approval.id, approved: true },
    });
    expect(refused.status).toBe(404);
    expect(server.calls).toEqual([]);
    const allowed = await call("POST", `/messages/${reply.id}/approval`, {
      key: user.key,
      body: { approval_id: waiting.approval.id, approved: true },
    });
    expect(allowed.status).toBe(200);
    expect(allowed.json).toMatchObject({
      id: reply.id,
      status: "complete",
      content: expect.stringContaining("echo: via REST"),
    });
    expect(server.calls).toEqual([{ tool: "echo", args: { text: "via REST" } }]);
    const again = await call("POST", `/messages/${reply.id}/approval`, {
      key: user.key,
      body: { approval_id: waiting.approval.id, approved: true },
    });
    expect(again.status).toBe(409);
    expect(server.calls).toHaveLength(1);
  });

  it("a role without the server gets no tool through the REST API, and the token is never in a response", async () => {
    const { row } = await addServer();
    const role = await createRole({ name: `rest-${randomUUID().slice(0, 8)}`, description: null });
    await updateMcpServer(row.id, { allowedRoles: [role.id] });
    const user = await apiUser();
    const conversation = await call("POST", "/conversations", { key: user.key, body: { title: "no tools" } });
    const sent = await call("POST", `/conversations/${conversation.json.id}/messages`, {
      key: user.key,
      body: { content: "use echo: sneak" },
    });
    expect(sent.status).toBe(201);
    expect(sent.json.assistant_message.parts.some((p: MessagePart) => p.type.startsWith("tool-"))).toBe(false);
    expect(server.calls).toEqual([]);
    expect(sent.text).not.toContain(TOKEN);
  });
});

describe("other transports", () => {
  it("lists and calls the reference server over stdio, only when PARLEY_MCP_STDIO is on", async () => {
    const command = `${process.execPath} ${everythingServer()} stdio`;
    const row = await createMcpServer({ name: "Everything", transport: "stdio", url: command, token: null });
    process.env.PARLEY_MCP_STDIO = "0";
    expect(await refreshMcpServer(row.id)).toMatchObject({ ok: false, message: expect.stringMatching(/turned off/) });
    process.env.PARLEY_MCP_STDIO = "1";
    try {
      const listed = await refreshMcpServer(row.id);
      expect(listed.ok).toBe(true);
      const names = (await listMcpServers())[0]?.tools.map((t) => t.name);
      expect(names).toContain("echo");
      const user = await createTestUser();
      const { parts } = await ask(user.id, "use echo: over stdio");
      expect(parts.find((p) => p.type === "tool-Everything__echo")).toMatchObject({
        state: "output-available",
        output: expect.stringContaining("over stdio"),
      });
    } finally {
      delete process.env.PARLEY_MCP_STDIO;
    }
  });

  it("falls back to SSE for a server that only speaks the older transport", async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [everythingServer(), "sse"], {
      env: { ...process.env, PORT: String(port) },
      stdio: ["ignore", "ignore", "pipe"],
    });
    try {
      await listening(child);
      const row = await createMcpServer({
        name: "Legacy",
        transport: "http",
        url: `http://127.0.0.1:${port}/sse`,
        token: null,
      });
      expect(await refreshMcpServer(row.id)).toMatchObject({ ok: true });
      expect((await listMcpServers())[0]?.tools.map((t) => t.name)).toContain("echo");
    } finally {
      child.kill();
    }
  });
});

function everythingServer(): string {
  return path.join(process.cwd(), "node_modules/@modelcontextprotocol/server-everything/dist/index.js");
}

function listening(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    child.stderr?.on("data", (data: Buffer) => {
      if (/running on port/i.test(String(data))) resolve();
    });
    child.on("exit", (code) => reject(new Error(`the SSE server exited (${code})`)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
describe("the conversation's tool choice", () => {
  it("turns a server or one tool off for one conversation only, and only its owner can", async () => {
    const { row } = await addServer();
    const user = await apiUser();
    const conversation = await call("POST", "/conversations", { key: user.key, body: { title: "choices" } });
    const id = conversation.json.id;
    const listed = await call("GET", `/conversations/${id}/tools`, { key: user.key });
    expect(listed.status).toBe(200);
    expect(listed.json.servers).toEqual([
      expect.objectContaining({
        id: row.id,
        name: "Demo",
        on: true,
        tools: expect.arrayContaining([expect.objectContaining({ name: "echo", on: true })]),
      }),
    ]);
    const echo = listed.json.servers[0].tools.find((t: { name: string }) => t.name === "echo");
    const stranger = await apiUser();
    expect(
      (await call("PUT", `/conversations/${id}/tools`, { key: stranger.key, body: { off: [row.id] } })).status,
    ).toBe(404);
    const off = await call("PUT", `/conversations/${id}/tools`, { key: user.key, body: { off: [echo.id] } });
    expect(off.json.servers[0].tools.find((t: { name: string }) => t.name === "echo").on).toBe(false);
    const sent = await call("POST", `/conversations/${id}/messages`, {
      key: user.key,
      body: { content: "use echo: not here" },
    });
    expect(sent.json.assistant_message.parts.some((p: MessagePart) => p.type.startsWith("tool-"))).toBe(false);
    expect(server.calls).toEqual([]);
    // Another conversation of the same person still has it.
    const elsewhere = await ask(user.id, "use echo: elsewhere");
    expect(toolPart(elsewhere.parts).state).toBe("output-available");
  });
});

describe("secrets", () => {
  it("never writes the bearer token to the log, also when the server refuses it", async () => {
    process.env.PARLEY_LOG_LEVEL = "debug";
    const lines: string[] = [];
    const out = vi.spyOn(console, "log").mockImplementation((line: string) => void lines.push(String(line)));
    const err = vi.spyOn(console, "error").mockImplementation((line: string) => void lines.push(String(line)));
    try {
      const { row } = await addServer();
      const user = await createTestUser();
      await ask(user.id, "use echo: logged");
      await updateMcpServer(row.id, { token: `${TOKEN}-wrong` });
      await refreshMcpServer(row.id);
      await ask(user.id, "use echo: refused");
    } finally {
      out.mockRestore();
      err.mockRestore();
      process.env.PARLEY_LOG_LEVEL = "silent";
    }
    expect(lines.some((line) => line.includes("mcp."))).toBe(true);
    expect(lines.filter((line) => line.includes(TOKEN))).toEqual([]);
  });
});
