import "server-only";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { getMcpServerWithToken, type ListedTool, setMcpServerStatus, syncMcpTools } from "../../db/mcp-servers";
import { log } from "../../log";
import { connectMcp, mcpTimeoutMs, reasonOf } from "./connection";

/** A server listing more tools than this is cut here (the model is offered fewer still: see MAX_MCP_TOOLS). */
const MAX_LISTED_TOOLS = 200;
const MAX_DESCRIPTION_CHARS = 1000;
const MAX_SCHEMA_CHARS = 20_000;

/** A server that keeps answering with a next page (a loop, or a hostile one) is read this far and no further. */
const MAX_LIST_PAGES = 20;

export async function listAll(client: Pick<Client, "listTools">): Promise<ListedTool[]> {
  const tools: ListedTool[] = [];
  let cursor: string | undefined;
  // One deadline for the whole listing, not per page: pages each just inside the timeout add up to forever.
  const deadline = Date.now() + mcpTimeoutMs();
  for (let pages = 0; pages < MAX_LIST_PAGES; pages++) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    const page = await client.listTools(cursor ? { cursor } : {}, { timeout: left });
    for (const tool of page.tools) {
      if (tools.length >= MAX_LISTED_TOOLS) return tools;
      const schema = JSON.stringify(tool.inputSchema ?? {});
      tools.push({
        name: tool.name.slice(0, 200),
        description: (tool.description ?? "").slice(0, MAX_DESCRIPTION_CHARS),
        inputSchema: schema.length <= MAX_SCHEMA_CHARS ? JSON.parse(schema) : { type: "object", properties: {} },
      });
    }
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return tools;
}

/**
 * Connects to the server afresh, lists its tools into the database and records its status: what "Add server"
 * and "Refresh" do. Never throws for the server's faults: they are the status's reason.
 */
export async function refreshMcpServer(id: string): Promise<{ ok: boolean; message: string; count: number }> {
  const server = await getMcpServerWithToken(id);
  let client: Client | null = null;
  try {
    client = await connectMcp(server);
    const tools = await listAll(client);
    await syncMcpTools(id, tools);
    await setMcpServerStatus(id, "connected", null);
    return {
      ok: true,
      message: `Connected: ${tools.length} tool${tools.length === 1 ? "" : "s"}.`,
      count: tools.length,
    };
  } catch (error) {
    const reason = reasonOf(error);
    log.warn("mcp.list_failed", { serverId: id, reason });
    await setMcpServerStatus(id, "failing", reason);
    return { ok: false, message: reason, count: 0 };
  } finally {
    await client?.close().catch(() => {});
  }
}
