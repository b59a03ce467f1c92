import { describe, expect, it } from "vitest";
import { readBodyAtMost } from "./bounded-body";

function streamOf(chunks: number[], onCancel: () => void = () => {}) {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const size = chunks[i++];
      if (size === undefined) controller.close();
      else controller.enqueue(new Uint8Array(size).fill(65));
    },
    cancel: onCancel,
  });
}

describe("readBodyAtMost", () => {
  it("returns the whole body, joined, when it fits", async () => {
    const bytes = await readBodyAtMost(streamOf([3, 4]), 7);
    expect(new TextDecoder().decode(bytes ?? undefined)).toBe("AAAAAAA");
  });

  it("answers null one byte over the limit and stops reading (the stream is cancelled)", async () => {
    let cancelled = false;
    const endless = new ReadableStream<Uint8Array>({
      pull: (controller) => controller.enqueue(new Uint8Array(1024)),
      cancel: () => {
        cancelled = true;
      },
    });
    expect(await readBodyAtMost(endless, 10_000)).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(cancelled).toBe(true);
    expect(await readBodyAtMost(streamOf([4, 4]), 7)).toBeNull();
  });

  it("treats a missing body as empty", async () => {
    expect((await readBodyAtMost(null, 10))?.byteLength).toBe(0);
  });
});
