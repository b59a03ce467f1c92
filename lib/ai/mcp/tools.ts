import "server-only";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { jsonSchema, type ToolSet, tool } from "ai";
import {
  getMcpVersion,
  listEnabledMcpServersWithTokens,
  type McpServerWithToken,
  setMcpServerStatus,
} from "../../db/mcp-servers";
import { log } from "../../log";
import { ToolFailure } from "../tools/tool-failure";
import { clientFor, dropClient, mcpTimeoutMs, reasonOf } from "./connection";
import { MAX_MCP_TOOLS } from "./limits";
import { boundedResult } from "./results";

/**
 * The MCP tools one person's reply may use: the enabled tools of the enabled servers their roles may use, in a
 * fixed order (servers oldest first, tools by name), at most MAX_MCP_TOOLS of them. Offering tools costs no
 * connection: the list comes from the database (as the last listing found it); a server is reached only when
 * the model calls one of its tools.
 */

export interface McpBinding {
  serverId: string;
  serverName: string;
  toolName: string;
  askBeforeRunning: boolean;
}

export interface McpToolset {
  tools: ToolSet;
  /** Model-facing tool name → where it runs. */
  bindings: Map<string, McpBinding>;
  /** The tools that wait for the person's Allow (streamText's `toolApproval`). */
  approval: Record<string, "user-approval">;
}

function slug(text: string, max: number): string {
  return trimUnderscores(text.replace(/[^A-Za-z0-9_-]+/g, "_")).slice(0, max) || "tool";
}

/** Without a regular expression: `_+$` backtracks quadratically on a long run of underscores (a server's name). */
function trimUnderscores(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text[start] === "_") start++;
  while (end > start && text[end - 1] === "_") end--;
  return text.slice(start, end);
}

/** A name the model providers accept (`^[A-Za-z0-9_-]{1,64}$`), unique in the set. */
function modelToolName(serverName: string, toolName: string, taken: Set<string>): string {
  const base = `${slug(serverName, 20)}__${slug(toolName, 40)}`;
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base.slice(0, 60)}_${i}`;
  taken.add(name);
  return name;
}

export function serverAllowed(server: Pick<McpServerWithToken, "allowedRoles">, roleIds: readonly string[]): boolean {
  return server.allowedRoles === null || server.allowedRoles.some((id) => roleIds.includes(id));
}

function objectSchema(schema: unknown): Record<string, unknown> {
  const value = schema && typeof schema === "object" ? (schema as Record<string, unknown>) : {};
  return value.type === "object" ? value : { type: "object", properties: {} };
}

export interface McpServerChoice {
  id: string;
  name: string;
  on: boolean;
  tools: { id: string; name: string; description: string; on: boolean }[];
}

/** The servers (and their enabled tools) a person's roles allow, marked on or off for one conversation. */
export async function mcpToolChoices(roleIds: readonly string[], off: ReadonlySet<string>): Promise<McpServerChoice[]> {
  const servers = await listEnabledMcpServersWithTokens();
  return servers
    .filter((server) => serverAllowed(server, roleIds))
    .map((server) => ({
      id: server.id,
      name: server.name,
      on: !off.has(server.id),
      tools: server.tools
        .filter((t) => t.enabled)
        .map((t) => ({ id: t.id, name: t.name, description: t.description, on: !off.has(t.id) })),
    }));
}

export async function mcpToolsFor(
  roleIds: readonly string[],
  options: { reserved?: Iterable<string>; off?: ReadonlySet<string> } = {},
): Promise<McpToolset> {
  const [version, servers] = await Promise.all([getMcpVersion(), listEnabledMcpServersWithTokens()]);
  const tools: ToolSet = {};
  const bindings = new Map<string, McpBinding>();
  const approval: Record<string, "user-approval"> = {};
  const taken = new Set(options.reserved ?? []);
  for (const server of servers) {
    if (!serverAllowed(server, roleIds) || options.off?.has(server.id)) continue;
    for (const listed of server.tools) {
      if (!listed.enabled || options.off?.has(listed.id) || bindings.size >= MAX_MCP_TOOLS) continue;
      const name = modelToolName(server.name, listed.name, taken);
      const askBeforeRunning = server.askBeforeRunning || listed.askBeforeRunning;
      bindings.set(name, { serverId: server.id, serverName: server.name, toolName: listed.name, askBeforeRunning });
      if (askBeforeRunning) approval[name] = "user-approval";
      tools[name] = tool({
        description: `${listed.description || listed.name} (from ${server.name})`.slice(0, 1000),
        inputSchema: jsonSchema(objectSchema(listed.inputSchema)),
        execute: (input, { abortSignal }) => callMcpTool(server, version, listed.name, input, abortSignal),
      });
    }
  }
  return { tools, bindings, approval };
}

/**
 * Whether a failed call certainly never reached the tool, so sending it again cannot run it twice: the server
 * forgot the session (404), or nothing accepted the connection. Any other failure (a 5xx, a reset, a timeout)
 * may come after the tool ran: not retried, since a tool with effects (a mail, a payment) must not run twice.
 */
function neverReachedTool(error: unknown): boolean {
  if (error instanceof StreamableHTTPError) return error.code === 404;
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  const text = `${error instanceof Error ? error.message : String(error)} ${String(cause?.code ?? "")}`;
  return /ECONNREFUSED|Not connected/.test(text);
}

async function callOnce(client: Client, toolName: string, input: unknown, signal?: AbortSignal) {
  return client.callTool({ name: toolName, arguments: (input ?? {}) as Record<string, unknown> }, undefined, {
    timeout: mcpTimeoutMs(),
    signal,
  });
}

/**
 * Runs one tool on its server. Any failure (unreachable, slow, an error result, an answer that is not MCP)
 * becomes a thrown Error with a short reason: the AI SDK hands it to the model as the tool's error and the
 * card shows it; the reply goes on.
 */
export async function callMcpTool(
  server: McpServerWithToken,
  version: string,
  toolName: string,
  input: unknown,
  signal?: AbortSignal,
): Promise<string> {
  let client: Client | null = null;
  let result: Awaited<ReturnType<typeof callOnce>>;
  try {
    client = await clientFor(server, version);
    try {
      result = await callOnce(client, toolName, input, signal);
    } catch (error) {
      if (signal?.aborted || !neverReachedTool(error)) throw error;
      // A server that restarted forgets its sessions: connect again once, then give up.
      dropClient(server.id, client);
      client = await clientFor(server, version);
      result = await callOnce(client, toolName, input, signal);
    }
  } catch (error) {
    if (client) dropClient(server.id, client);
    const reason = reasonOf(error);
    log.warn("mcp.tool_failed", { serverId: server.id, tool: toolName, reason });
    if (!signal?.aborted) noteStatus(server, "failing", reason);
    throw new ToolFailure(`${server.name}: ${reason}`);
  }
  noteStatus(server, "connected", null);
  const output = boundedResult(result);
  if (output.isError) throw new ToolFailure(`${server.name}: ${output.text || "the tool reported an error."}`);
  return output.text;
}

/** What a call found, for the admin page: written only when it changes what the page shows. */
function noteStatus(server: McpServerWithToken, status: "connected" | "failing", reason: string | null): void {
  if (server.status === status && server.statusReason === reason) return;
  server.status = status;
  server.statusReason = reason;
  void setMcpServerStatus(server.id, status, reason).catch((error) => log.warn("mcp.status_not_saved", { error }));
}
