import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createMcpServer, getMcpServerWithToken } from "@/lib/db/mcp-servers";
import { closeMcpClients } from "./connection";
import { callMcpTool } from "./tools";

// A tool call that failed after it reached the server may have run: calling it again could do its effect twice
// (send the mail twice). Only a call the server never took (its session forgotten: 404) is sent again.
let http: Server;
let url: string;
let answer: number[] = [];
let ran = 0;

beforeAll(async () => {
  http = createServer(async (req, res) => {
    if (req.method !== "POST") return void res.writeHead(405).end();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    if (body.method === "tools/call") {
      const status = answer.shift();
      if (status === 404) return void res.writeHead(404).end("unknown session");
      ran++;
      if (status) return void res.writeHead(status).end("the gateway lost the answer");
    }
    const server = new McpServer({ name: "retry-test", version: "1.0.0" });
    server.registerTool("act", { description: "Does something once." }, async () => ({
      content: [{ type: "text", text: "done" }],
    }));
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on("close", () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`;
});
afterAll(async () => {
  await closeMcpClients();
  http.closeAllConnections();
  await new Promise((resolve) => http.close(resolve));
});

it("does not call a tool again after a failure the server may have run it before", async () => {
  const row = await createMcpServer({ name: `retry-${Date.now()}`, transport: "http", url, token: null });
  const server = await getMcpServerWithToken(row.id);
  answer = [502];
  ran = 0;
  await expect(callMcpTool(server, "v1", "act", {})).rejects.toThrow();
  expect(ran).toBe(1);
});

it("calls again once when the server forgot the session (404: it never took the call)", async () => {
  const row = await createMcpServer({ name: `retry404-${Date.now()}`, transport: "http", url, token: null });
  const server = await getMcpServerWithToken(row.id);
  answer = [404];
  ran = 0;
  await expect(callMcpTool(server, "v1", "act", {})).resolves.toContain("done");
  expect(ran).toBe(1);
});
