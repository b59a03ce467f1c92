import { monitorEventLoopDelay } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { pdfBomb, pdfBytes } from "@/test/attachment-fixtures";
import { inspectFile, MAX_IMAGE_PIXELS } from "./inspect";
import { readPdfText } from "./pdf-text";

const bounds = { maxChars: 50_000, deadlineMs: 4_000 };

describe("reading a PDF's text in a worker", () => {
  it("reads an ordinary PDF whole, page by page", async () => {
    const read = await readPdfText(pdfBytes(["Minutes of the Tuesday meeting", "Actions"]), bounds);
    expect(read).toEqual({
      pageCount: 2,
      text: "Minutes of the Tuesday meeting\nActions",
      pages: [
        { page: 1, text: "Minutes of the Tuesday meeting" },
        { page: 2, text: "Actions" },
      ],
      note: null,
    });
  });

  it("stops at the character budget on a 50 MB bomb without stalling this thread", async () => {
    const bomb = await pdfBomb(50_000_000);
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const started = performance.now();
    // A deadline long enough for a busy machine to reach the budget: this test is about the budget.
    const read = await readPdfText(bomb, { ...bounds, deadlineMs: 20_000 });
    delay.disable();
    expect(read.note).toBeNull();
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(read.text.length).toBeGreaterThan(0);
    // Reading stops within one streamed chunk of the budget.
    expect(read.text.length).toBeLessThan(bounds.maxChars + 10_000);
    expect(delay.max / 1e6).toBeLessThan(300);
  });

  it("stops a 1 GB bomb at the deadline and keeps the file with a note", async () => {
    const bomb = await pdfBomb(1_000_000_000);
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const started = performance.now();
    const inspected = await inspectFile(bomb, "bomb.pdf", { maxChars: 50_000, deadlineMs: 2_000 });
    delay.disable();
    expect(performance.now() - started).toBeLessThan(4_000);
    expect(inspected.mediaType).toBe("application/pdf");
    expect(inspected.textNote).toMatch(/^The text could not be read completely/);
    expect(delay.max / 1e6).toBeLessThan(300);
  }, 60_000);

  it("refuses a damaged PDF with a clear error", async () => {
    const broken = Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(2000, 0x41)]);
    await expect(inspectFile(broken, "broken.pdf", bounds)).rejects.toThrow("This PDF could not be read");
  });
});

describe("image headers", () => {
  /** A PNG signature and IHDR claiming any size, followed by a little filler: nothing to decode. */
  function pngClaiming(width: number, height: number): Buffer {
    const bytes = Buffer.alloc(64);
    Buffer.from("89504e470d0a1a0a0000000d49484452", "hex").copy(bytes);
    bytes.writeUInt32BE(width, 16);
    bytes.writeUInt32BE(height, 20);
    bytes.set([8, 2, 0, 0, 0], 24);
    return bytes;
  }

  it("refuses a PNG claiming 50,000 × 50,000 pixels from its header", async () => {
    await expect(inspectFile(pngClaiming(50_000, 50_000), "bomb.png", bounds)).rejects.toThrow(
      "images can have at most 100 million pixels",
    );
  });

  it("accepts a large ordinary photo's size", async () => {
    expect(6000 * 8000).toBeLessThanOrEqual(MAX_IMAGE_PIXELS);
    const inspected = await inspectFile(pngClaiming(6000, 8000), "photo.png", bounds);
    expect(inspected).toMatchObject({ mediaType: "image/png", width: 6000, height: 8000 });
  });
});
