import "server-only";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { McpServerWithToken } from "../../db/mcp-servers";
import { env } from "../../env";
import { processGlobal } from "../../process-global";

/**
 * Connections to MCP servers, one per server per instance, reused across replies. The cache is keyed on the
 * configuration version in the database (lib/db/mcp-servers.ts): a change made on any instance replaces every
 * instance's connections at their next use. A connection that fails is dropped, so the next call reconnects
 * (a server that restarted is found again).
 */

const CLIENT_INFO = { name: "parley", version: "1" };

export function mcpTimeoutMs(): number {
  return env().PARLEY_MCP_TIMEOUT_SECONDS * 1000;
}

/** Why a server could not be used, in words an admin can act on (never the token). */
export class McpUnavailable extends Error {}

function bearer(server: McpServerWithToken): RequestInit {
  return server.token ? { headers: { Authorization: `Bearer ${server.token}` } } : {};
}

/** The command line of a stdio server: the program, then its arguments (split on whitespace). */
export function commandLine(text: string): { command: string; args: string[] } {
  const [command = "", ...args] = text.trim().split(/\s+/);
  return { command, args };
}

async function stdioTransport(server: McpServerWithToken): Promise<Transport> {
  if (!env().PARLEY_MCP_STDIO) {
    throw new McpUnavailable("Local (stdio) servers are turned off on this instance (PARLEY_MCP_STDIO).");
  }
  // Loaded only when used: it spawns processes, which nothing else here does.
  const { StdioClientTransport } = await import("@modelcontextprotocol/sdk/client/stdio.js");
  return new StdioClientTransport({ ...commandLine(server.url), stderr: "ignore" });
}

async function connected(transport: Transport, timeout: number): Promise<Client> {
  const client = new Client(CLIENT_INFO, { capabilities: {} });
  try {
    await client.connect(transport, { timeout });
    return client;
  } catch (error) {
    await client.close().catch(() => {});
    throw error;
  }
}

/** Streamable HTTP first; a server that refuses it as a client error (the older protocol) is tried over SSE. */
export async function connectMcp(server: McpServerWithToken): Promise<Client> {
  const timeout = mcpTimeoutMs();
  if (server.transport === "stdio") return connected(await stdioTransport(server), timeout);
  const url = new URL(server.url);
  try {
    return await connected(new StreamableHTTPClientTransport(url, { requestInit: bearer(server) }), timeout);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const olderServer = typeof code === "number" && code >= 400 && code < 500 && code !== 401 && code !== 403;
    if (!olderServer) throw error;
    // The SSE transport sends requestInit's headers on its event stream too.
    return connected(new SSEClientTransport(url, { requestInit: bearer(server) }), timeout);
  }
}

/** A reason to show an admin or a person: the error's message, short, never a stack or a header. */
export function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 401 || /\b401\b/.test(message)) return "The server refused the bearer token (401).";
  if (code === 403) return "The server refused access (403).";
  if (/ECONNREFUSED|fetch failed/i.test(message)) return "Could not connect: nothing answers at that address.";
  if (/timed? ?out/i.test(message)) return `No answer within ${env().PARLEY_MCP_TIMEOUT_SECONDS} s.`;
  return message.replace(/\s+/g, " ").slice(0, 300) || "The server failed.";
}

interface CachedClient {
  version: string;
  client: Promise<Client>;
  /** The connected client once it is: lets dropClient forget it at once (a retry right after must reconnect). */
  resolved?: Client;
}

const cache = processGlobal("parley.mcpClients", () => new Map<string, CachedClient>());

/** This instance's connection to the server under configuration `version`, made on first use. */
export function clientFor(server: McpServerWithToken, version: string): Promise<Client> {
  const cached = cache.get(server.id);
  if (cached && cached.version === version) return cached.client;
  if (cached) void cached.client.then((c) => c.close()).catch(() => {});
  const client = connectMcp(server);
  const entry: CachedClient = { version, client };
  cache.set(server.id, entry);
  void client.then(
    (c) => {
      entry.resolved = c;
    },
    () => {},
  );
  // A failed connection is forgotten, so the next reply tries again.
  client.catch(() => {
    if (cache.get(server.id) === entry) cache.delete(server.id);
  });
  return client;
}

/** Forgets a connection that failed mid-use (the server restarted, dropped the session…). */
export function dropClient(serverId: string, client: Client): void {
  const cached = cache.get(serverId);
  if (!cached) return;
  if (cached.resolved === client) {
    cache.delete(serverId);
    void client.close().catch(() => {});
    return;
  }
  void cached.client.then((c) => {
    if (c !== client) return;
    if (cache.get(serverId) === cached) cache.delete(serverId);
    void c.close().catch(() => {});
  });
}

/** Closes every cached connection (tests, shutdown). */
export async function closeMcpClients(): Promise<void> {
  const entries = [...cache.values()];
  cache.clear();
  await Promise.allSettled(entries.map(async (e) => (await e.client).close()));
}
