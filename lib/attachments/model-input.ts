import "server-only";
import type { FileUIPart, TextUIPart } from "ai";
import type { ModelAttachment } from "../db/attachments";

/**
 * What the model reads for one attached file: an image as an image part (OpenAI-compatible `image_url`), a PDF
 * or text file as its text inside an `<attachment>` element that names it, cut to `textChars` with a note.
 */
export function attachmentPrompt(
  part: { filename?: unknown; mediaType?: unknown },
  file: ModelAttachment | undefined,
  options: { vision: boolean; textChars: number },
): (FileUIPart | TextUIPart)[] {
  const name = String(part.filename ?? "file");
  if (!file) return [text(`<attachment name="${attr(name)}" deleted="true">This file was deleted.</attachment>`)];
  const header = `name="${attr(file.name)}" type="${file.mediaType}" size="${file.size}"`;
  if (file.mediaType.startsWith("image/")) {
    const dims = file.width && file.height ? ` width="${file.width}" height="${file.height}"` : "";
    if (!options.vision || !file.data) {
      return [
        text(`<attachment ${header}${dims}>An image the person attached; this model cannot see images.</attachment>`),
      ];
    }
    const url = `data:${file.mediaType};base64,${Buffer.from(file.data).toString("base64")}`;
    return [
      text(`<attachment ${header}${dims} />`),
      { type: "file", mediaType: file.mediaType, filename: file.name, url },
    ];
  }
  const pages = file.pageCount !== null ? ` pages="${file.pageCount}"` : "";
  const body = file.text ?? "";
  if (file.mediaType === "application/pdf" && !body.trim()) {
    return [
      text(
        `<attachment ${header}${pages}>This PDF has no text layer (it may be scanned images), so its content cannot be read.</attachment>`,
      ),
    ];
  }
  const cut = body.length > options.textChars;
  const shown = cut ? body.slice(0, options.textChars) : body;
  // A PDF's reader stops at the budget, so its full length is not known.
  const of = file.mediaType === "application/pdf" ? "" : ` of ${body.length.toLocaleString("en-US")}`;
  const notes = [
    cut ? `[Only the first ${options.textChars.toLocaleString("en-US")}${of} characters are included.]` : "",
    file.textNote ? `[${file.textNote}]` : "",
  ].filter(Boolean);
  const note = notes.length ? `\n${notes.join("\n")}` : "";
  const partial = cut || file.textNote ? ' truncated="true"' : "";
  return [text(`<attachment ${header}${pages}${partial}>\n${shown}${note}\n</attachment>`)];
}

const text = (value: string): TextUIPart => ({ type: "text", text: value });

function attr(value: string): string {
  return value.replace(/[&"<>]/g, (c) => ({ "&": "&amp;", '"': "&quot;", "<": "&lt;", ">": "&gt;" })[c] ?? c);
}
