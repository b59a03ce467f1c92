import { randomUUID } from "node:crypto";
import { expect, it } from "vitest";
import { createMcpServer, getMcpServerWithToken, updateMcpServer } from "@/lib/db/mcp-servers";

// A server's bearer token was given for its address: moving the address to another origin must not send it
// there (an admin retyping a URL, or someone with a stolen admin session, would hand the token to that host).
it("editing the address to another origin drops the stored token unless a new one is entered", async () => {
  const row = await createMcpServer({
    name: `tok-${randomUUID().slice(0, 8)}`,
    transport: "http",
    url: "https://mcp.example.com/mcp",
    token: "secret-token-0123456789",
  });
  // Same origin, another path: the token stays.
  await updateMcpServer(row.id, { url: "https://mcp.example.com/v2/mcp" });
  expect((await getMcpServerWithToken(row.id)).token).toBe("secret-token-0123456789");
  // Another origin: the token goes.
  const moved = await updateMcpServer(row.id, { url: "https://evil.example.net/mcp" });
  expect((await getMcpServerWithToken(row.id)).token).toBeNull();
  expect(moved).toEqual({ tokenDropped: true });
  // Another origin with a token typed in: that one is stored.
  await updateMcpServer(row.id, { url: "https://mcp2.example.com/mcp", token: "new-token-0123456789" });
  expect((await getMcpServerWithToken(row.id)).token).toBe("new-token-0123456789");
});
