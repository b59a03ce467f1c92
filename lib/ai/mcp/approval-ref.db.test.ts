import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startReply } from "@/lib/chat/generate";
import { db } from "@/lib/db/client";
import { createMcpServer, updateMcpServer } from "@/lib/db/mcp-servers";
import { getMessage, type MessagePart } from "@/lib/db/messages";
import { createTestUser } from "@/test/factories";
import { type McpTestServer, startMcpTestServer } from "@/test/mcp-test-server";
import { answerApproval, pendingApprovals } from "../../chat/approval";
import { closeMcpClients } from "./connection";
import { refreshMcpServer } from "./discovery";

// Model-facing tool names are given out in order (suffixes _2, _3): by the time a person allows a waiting call,
// its name may stand for another server's tool. The call keeps which tool asked; an Allow for another is refused.
const TOKEN = "ref-token-0123456789";
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
});

it("an Allow runs only the tool that asked, not another tool that now has its name", async () => {
  const row = await createMcpServer({
    name: `Ref${randomUUID().slice(0, 6)}`,
    transport: "http",
    url: server.url,
    token: TOKEN,
  });
  await refreshMcpServer(row.id);
  await updateMcpServer(row.id, { askBeforeRunning: true });
  const user = await createTestUser();
  const handle = await startReply({
    userId: user.id,
    conversationId: randomUUID(),
    userMessage: { id: randomUUID(), text: "use echo: launch", parentId: null },
  });
  await handle.stream.cancel();
  await handle.done;
  const asked = await getMessage({ id: handle.assistantMessageId, userId: user.id });
  const parts = (asked?.parts ?? []) as MessagePart[];
  const [pending] = pendingApprovals(parts);
  if (!pending || !asked) throw new Error("no pending approval");
  const waiting = parts.find((p) => p.state === "approval-requested") as MessagePart & {
    approval: { toolRef?: string };
  };
  expect(waiting.approval.toolRef).toBe(`mcp:${row.id}:echo`);

  // As if the name had been given to another server's tool meanwhile: the stored call names a tool that is not
  // the one the name stands for now.
  waiting.approval.toolRef = `mcp:${randomUUID()}:echo`;
  await db.message.update({ where: { id: asked.id }, data: { parts: parts as never } });
  const allow = answerApproval({
    userId: user.id,
    messageId: asked.id,
    approvalId: pending.approvalId,
    approved: true,
  });
  await expect(allow).rejects.toMatchObject({ code: "conflict:approval" });
  expect(server.calls).toEqual([]);
});
