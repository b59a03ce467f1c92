import { afterEach, describe, expect, it, vi } from "vitest";
import { handle } from "./http";
import { requestIdFor } from "./trust-proxy.js";

const saved = process.env.PARLEY_LOG_LEVEL;

async function forced500(headers: Record<string, string> = {}) {
  process.env.PARLEY_LOG_LEVEL = "info";
  const lines: string[] = [];
  vi.spyOn(console, "error").mockImplementation((line: string) => void lines.push(line));
  const route = handle(async () => {
    throw new Error("the disk is on fire", { cause: new Error("EIO") });
  });
  const response = await route(new Request("http://localhost/api/v1/boom", { headers }));
  vi.restoreAllMocks();
  return { response, logged: lines.map((line) => JSON.parse(line)) };
}

describe("a forced 500", () => {
  afterEach(() => {
    process.env.PARLEY_LOG_LEVEL = saved;
  });

  it("logs its stack, its cause and the request id its X-Request-Id header names", async () => {
    const { response, logged } = await forced500();
    expect(response.status).toBe(500);
    const id = response.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const line = logged.find((l) => l.event === "request.failed");
    expect(line).toMatchObject({ level: "error", requestId: id, method: "GET", path: "/api/v1/boom" });
    expect(line.error.stack).toContain("the disk is on fire");
    expect(line.error.stack).toContain("http.test.ts");
    expect(line.error.cause.message).toBe("EIO");
    // The client sees the one error shape, not the internal message.
    expect(await response.text()).not.toContain("fire");
  });

  it("uses the id scripts/server.mjs put on the request (and leaves the response header to the server)", async () => {
    const { response, logged } = await forced500({ "x-request-id": "proxy-abc.123" });
    expect(logged.find((l) => l.event === "request.failed")?.requestId).toBe("proxy-abc.123");
    expect(response.headers.get("x-request-id")).toBeNull();
  });
});

describe("requestIdFor (scripts/server.mjs)", () => {
  it("accepts a trusted proxy's plain id", () => {
    expect(requestIdFor("lb-7f3a", true)).toBe("lb-7f3a");
  });

  it("replaces an id a client sent directly, or one that is long or not plain", () => {
    expect(requestIdFor("chosen-by-client", false)).not.toBe("chosen-by-client");
    expect(requestIdFor("a".repeat(129), true)).toHaveLength(36);
    expect(requestIdFor('x"\n{"level":"error"}', true)).toHaveLength(36);
    expect(requestIdFor(undefined, true)).toMatch(/^[0-9a-f-]{36}$/);
  });
});
