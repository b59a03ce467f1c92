import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { z } from "zod";

/**
 * A real MCP server for tests, written with the official SDK, on loopback over Streamable HTTP (stateless: a
 * fresh server per request), behind a bearer token. Its tools: `echo` (says the text back), `slow` (waits
 * `seconds`), `huge` (answers a million characters), `fail` (an error result). Used by the vitest suites and,
 * through e2e/mcp-server.mjs's twin, by the browser spec.
 */
export interface McpTestServer {
  url: string;
  port: number;
  /** The Authorization headers it saw, to prove the token was sent (and never elsewhere). */
  calls: { tool: string; args: unknown }[];
  stop(): Promise<void>;
}

function buildServer(calls: McpTestServer["calls"]): McpServer {
  const server = new McpServer({ name: "parley-test", version: "1.0.0" });
  server.registerTool(
    "echo",
    { description: "Says the text back.", inputSchema: { text: z.string() } },
    async ({ text }) => {
      calls.push({ tool: "echo", args: { text } });
      return { content: [{ type: "text", text: `echo: ${text}` }] };
    },
  );
  server.registerTool(
    "slow",
    { description: "Waits before answering.", inputSchema: { seconds: z.number() } },
    async ({ seconds }) => {
      calls.push({ tool: "slow", args: { seconds } });
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
      return { content: [{ type: "text", text: "done waiting" }] };
    },
  );
  server.registerTool("huge", { description: "Answers a million characters." }, async () => {
    calls.push({ tool: "huge", args: {} });
    return { content: [{ type: "text", text: "x".repeat(1_000_000) }] };
  });
  server.registerTool("fail", { description: "Always fails." }, async () => {
    calls.push({ tool: "fail", args: {} });
    return { isError: true, content: [{ type: "text", text: "the database behind this tool is down" }] };
  });
  return server;
}

export async function startMcpTestServer({ token, port = 0 }: { token: string | null; port?: number }) {
  const calls: McpTestServer["calls"] = [];
  const http: Server = createServer(async (req, res) => {
    if (token && req.headers.authorization !== `Bearer ${token}`) {
      res.writeHead(401, { "content-type": "application/json" }).end('{"error":"unauthorized"}');
      return;
    }
    if (req.method !== "POST") {
      res.writeHead(405).end();
      return;
    }
    const server = buildServer(calls);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on("close", () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res);
  });
  await new Promise<void>((resolve) => http.listen(port, "127.0.0.1", resolve));
  const actual = (http.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}/mcp`,
    port: actual,
    calls,
    stop: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  } satisfies McpTestServer;
}
