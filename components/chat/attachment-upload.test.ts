import { describe, expect, it } from "vitest";
import { contentUrl } from "@/lib/attachments/parts";
import { type PendingAttachment, restoredAttachments } from "./attachment-upload";

const chip = (id: string, extra: Partial<PendingAttachment> = {}): PendingAttachment => ({
  key: `key-${id}`,
  name: `${id}.png`,
  size: 2048,
  mediaType: "image/png",
  progress: 1,
  state: "ready",
  id,
  preview: `blob:${id}`,
  ...extra,
});
const part = (id: string, filename = `${id}.png`, mediaType = "image/png") => ({
  type: "file" as const,
  mediaType,
  filename,
  url: contentUrl(id),
});

describe("restoredAttachments (a refused send puts its files back as chips)", () => {
  it("puts back the chips the message was sent from, as they were, before any attached meanwhile", () => {
    const sent = [chip("f1"), chip("f2", { name: "notes.txt", mediaType: "text/plain", preview: undefined })];
    const meanwhile = chip("f3");
    const back = restoredAttachments([part("f1"), part("f2", "notes.txt", "text/plain")], sent, [meanwhile]);
    expect(back).toEqual([sent[0], sent[1], meanwhile]);
  });

  it("rebuilds a chip from the part when the composer no longer knows it (a message kept across a reload)", () => {
    const [back] = restoredAttachments([part("f9", "scan.pdf", "application/pdf")], [], []);
    expect(back).toMatchObject({
      id: "f9",
      name: "scan.pdf",
      mediaType: "application/pdf",
      size: null,
      state: "ready",
      progress: 1,
    });
    expect(back?.key).toEqual(expect.any(String));
    expect(back?.preview).toBeUndefined();
  });

  it("does not double a file already among the chips, and ignores a part that is not one of Parley's files", () => {
    const shown = chip("f1", { key: "shown" });
    const back = restoredAttachments(
      [part("f1"), part("f1"), { mediaType: "image/png", url: "https://example.test/x.png" }],
      [chip("f1")],
      [shown],
    );
    expect(back).toEqual([shown]);
  });
});
