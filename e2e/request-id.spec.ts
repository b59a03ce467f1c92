import { expect, test } from "@playwright/test";

// scripts/server.mjs names every request: the X-Request-Id header is the id its log lines carry. A client that
// reaches Parley directly (no TRUST_PROXY here) cannot choose the id.
test("every response carries a request id, new for each request, never the one a direct client sent", async ({
  request,
}) => {
  const first = await request.get("/login");
  const second = await request.get("/api/v1/me", { headers: { "x-request-id": "chosen-by-client" } });
  const firstId = first.headers()["x-request-id"];
  const secondId = second.headers()["x-request-id"];
  expect(firstId).toMatch(/^[0-9a-f-]{36}$/);
  expect(secondId).toMatch(/^[0-9a-f-]{36}$/);
  expect(secondId).not.toBe(firstId);
  expect(second.status()).toBe(401);
  // One header, not the server's and the handler's both.
  expect(secondId).not.toContain(",");
});
