import { describe, expect, it } from "vitest";
import { MAX_ACTION_BODY_BYTES, refuseMalformedAction } from "./action-guard";

const CHUNK = 64 * 1024;

/** A server action post of 32 MB that declares no length (chunked), counting what was read of it. */
function hugeAction() {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= 32 * 1024 * 1024) return controller.close();
      pulled += CHUNK;
      controller.enqueue(new Uint8Array(CHUNK).fill(0x20));
    },
  });
  const request = new Request("http://parley.test/", {
    method: "POST",
    headers: { "next-action": "abc123", "content-type": "text/plain;charset=UTF-8" },
    body,
    duplex: "half",
  } as RequestInit);
  return { request, pulled: () => pulled };
}

describe("refuseMalformedAction", () => {
  it("refuses a body without a declared length once it passes the limit, without reading it all", async () => {
    const { request, pulled } = hugeAction();
    const refused = await refuseMalformedAction(request);
    expect(refused?.status).toBe(413);
    expect(pulled()).toBeLessThanOrEqual(MAX_ACTION_BODY_BYTES + 4 * CHUNK);
  }, 10_000);

  it("lets a small valid action through and leaves its body for Next to read", async () => {
    const request = new Request("http://parley.test/", {
      method: "POST",
      headers: { "next-action": "abc123", "content-type": "text/plain;charset=UTF-8" },
      body: JSON.stringify(["hello"]),
    });
    expect(await refuseMalformedAction(request)).toBeNull();
    expect(await request.json()).toEqual(["hello"]);
  });

  it("refuses deep nesting and text that is not JSON", async () => {
    const post = (body: string) =>
      new Request("http://parley.test/", { method: "POST", headers: { "next-action": "x" }, body });
    expect((await refuseMalformedAction(post("[".repeat(100) + "]".repeat(100))))?.status).toBe(400);
    expect((await refuseMalformedAction(post("{nope")))?.status).toBe(400);
  });
});
