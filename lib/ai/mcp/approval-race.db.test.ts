import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { startReply } from "@/lib/chat/generate";
import { createMcpServer, updateMcpServer } from "@/lib/db/mcp-servers";
import { getMessage, type MessagePart } from "@/lib/db/messages";
import { createTestUser } from "@/test/factories";
import { type McpTestServer, startMcpTestServer } from "@/test/mcp-test-server";
import { answerApproval, pendingApprovals } from "../../chat/approval";
import { closeMcpClients } from "./connection";
import { refreshMcpServer } from "./discovery";

// Reviewer's race: a slow second answer (read the row while it waited) reopens the reply after the first
// answer's continuation already finished, because reopenReply only checks status === "complete".
const gate = vi.hoisted(() => {
  let release!: () => void;
  let reached!: () => void;
  const state = {
    armed: false,
    released: new Promise<void>((r) => {
      release = r;
    }),
    reachedP: new Promise<void>((r) => {
      reached = r;
    }),
    release: () => release(),
    reached: () => reached(),
  };
  return state;
});
vi.mock("@/lib/db/conversations", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/db/conversations")>();
  return {
    ...original,
    requireConversation: async (...args: Parameters<typeof original.requireConversation>) => {
      if (gate.armed) {
        gate.armed = false;
        gate.reached();
        await gate.released;
      }
      return original.requireConversation(...args);
    },
  };
});

const TOKEN = "race-token-0123456789";
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

it("a Deny that finished is not overturned by a concurrent Allow (the tool must never run)", async () => {
  const row = await createMcpServer({ name: "Demo", transport: "http", url: server.url, token: TOKEN });
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
  const [pending] = pendingApprovals((asked?.parts ?? []) as MessagePart[]);
  if (!pending || !asked) throw new Error("no pending approval");

  gate.armed = true;
  const slowAllow = answerApproval({
    userId: user.id,
    messageId: asked.id,
    approvalId: pending.approvalId,
    approved: true,
  });
  await gate.reachedP;
  const deny = await answerApproval({
    userId: user.id,
    messageId: asked.id,
    approvalId: pending.approvalId,
    approved: false,
  });
  await deny.stream.cancel();
  await deny.done;
  expect(server.calls).toEqual([]);
  gate.release();
  const outcome = await slowAllow.then(
    async (h) => {
      await h.stream.cancel();
      await h.done;
      return "continued";
    },
    (e: { code?: string }) => e.code,
  );
  const final = await getMessage({ id: asked.id, userId: user.id });
  console.log(
    "slow Allow:",
    outcome,
    "calls:",
    JSON.stringify(server.calls),
    "final tool state:",
    ((final?.parts ?? []) as MessagePart[]).filter((p) => p.type.startsWith("tool-")).map((p) => p.state),
  );
  expect(outcome).toBe("conflict:approval");
  expect(server.calls).toEqual([]);
});
