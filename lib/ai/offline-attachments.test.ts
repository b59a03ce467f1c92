import { describe, expect, it } from "vitest";
import { describeAttachments } from "./offline-attachments";

const text = (value: string) => ({ type: "text" as const, text: value });

describe("the offline model's account of attached files", () => {
  it("names a document, its pages and first words, without the note that says it was cut", () => {
    const said = describeAttachments([
      text(
        '<attachment name="report &quot;Q3&quot;.pdf" type="application/pdf" size="2048" pages="2" truncated="true">\nThe quarter went well overall [Only the first 50,000 characters]\n</attachment>',
      ),
    ]);
    expect(said).toContain('**report "Q3".pdf**: application/pdf, 2.0 KB, 2 pages');
    expect(said).toContain("it begins: “The quarter went well overall…”");
    expect(said).toContain("only the start of its text");
  });

  it("reads a self-closing image element and says the image itself was not received", () => {
    const said = describeAttachments([
      text('<attachment name="cat.png" type="image/png" size="10" width="4" height="3" />'),
    ]);
    expect(said).toContain("**cat.png**: image/png, 10 B, 4×3 pixels; I was told about it but cannot see it");
  });

  it("ignores text that only looks like an element, however long", () => {
    const hostile = `<attachment ${'a="'.repeat(50_000)}`;
    expect(describeAttachments([text(hostile), text('<attachment name="x">no end')])).toBeNull();
  });
});
