// The offline model's account of the files it was given, so attachments can be tried without a real model.
import type { LanguageModelV4Prompt } from "@ai-sdk/provider";

type UserContent = Extract<LanguageModelV4Prompt[number], { role: "user" }>["content"];

const OPEN = "<attachment ";
const CLOSE = "</attachment>";

export const isAttachmentText = (text: string) => text.startsWith("<attachment ");

/** One line per attached file (name, type, size, dimensions, pages, first words), or null when there are none. */
export function describeAttachments(content: UserContent): string | null {
  const lines: string[] = [];
  const images = content.filter((part) => part.type === "file" && part.mediaType.startsWith("image/"));
  let imageIndex = 0;
  for (const part of content) {
    if (part.type !== "text" || !isAttachmentText(part.text)) continue;
    const element = parseElement(part.text.trim());
    if (!element) continue;
    const { attributes } = element;
    const body = element.body.trim();
    const name = attributes.name ?? "file";
    if (attributes.deleted) {
      lines.push(`- **${name}**: deleted`);
      continue;
    }
    const facts = [attributes.type ?? "unknown type", size(Number(attributes.size ?? 0))];
    if (attributes.width && attributes.height) facts.push(`${attributes.width}×${attributes.height} pixels`);
    if (attributes.pages) facts.push(`${attributes.pages} page${attributes.pages === "1" ? "" : "s"}`);
    let line = `- **${name}**: ${facts.join(", ")}`;
    if (attributes.type?.startsWith("image/")) {
      const image = images[imageIndex];
      if (image?.type === "file" && !body) {
        imageIndex++;
        line += `; I received it as an image (${byteLength(image.data)} bytes)`;
      } else line += "; I was told about it but cannot see it";
    } else if (/no text layer/.test(body)) {
      line += "; it has no text I can read (a scanned PDF?)";
    } else {
      const words = withoutCutNote(body).split(/\s+/).filter(Boolean).slice(0, 12).join(" ");
      if (words) line += `; it begins: “${words}…”`;
      if (attributes.truncated) line += " (only the start of its text was included)";
    }
    lines.push(line);
  }
  if (lines.length === 0) return null;
  return [`You attached ${lines.length} file${lines.length === 1 ? "" : "s"}:`, ...lines].join("\n");
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function byteLength(data: unknown): number {
  if (data instanceof Uint8Array) return data.byteLength;
  if (typeof data === "string") {
    let end = data.length;
    while (end > 0 && data[end - 1] === "=") end--;
    return Math.floor((end * 3) / 4);
  }
  if (data && typeof data === "object" && "type" in data && (data as { type: string }).type === "data") {
    return byteLength((data as unknown as { data: unknown }).data);
  }
  return 0;
}

function decodeEntities(value: string): string {
  return value.replace(/&(amp|quot|lt|gt);/g, (_, e: string) => ({ amp: "&", quot: '"', lt: "<", gt: ">" })[e] ?? e);
}

/**
 * `<attachment name="…" …/>` or `<attachment …>text</attachment>`, as lib/attachments/model-input.ts writes it. Parsed
 * by hand rather than with one regular expression: the text is the person's file, and a backtracking pattern
 * over it could take quadratic time.
 */
function parseElement(text: string): { attributes: Record<string, string>; body: string } | null {
  if (!text.startsWith(OPEN)) return null;
  const end = text.indexOf(">");
  if (end < 0) return null;
  const selfClosing = text[end - 1] === "/";
  if (selfClosing ? end !== text.length - 1 : !text.endsWith(CLOSE)) return null;
  const head = text.slice(OPEN.length, selfClosing ? end - 1 : end);
  const body = selfClosing ? "" : text.slice(end + 1, text.length - CLOSE.length);
  return { attributes: parseAttributes(head), body };
}

/** `a="1" b="two"` → { a: "1", b: "two" }; values have no raw quotes (they are entity-encoded). */
function parseAttributes(head: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  let at = 0;
  while (at < head.length) {
    const equals = head.indexOf('="', at);
    if (equals < 0) break;
    const close = head.indexOf('"', equals + 2);
    if (close < 0) break;
    const name = head.slice(at, equals).trim();
    if (/^\w+$/.test(name)) attributes[name] = decodeEntities(head.slice(equals + 2, close));
    at = close + 1;
  }
  return attributes;
}

/** The text without the "[Only the first … characters …]" note that ends a cut document. */
function withoutCutNote(text: string): string {
  const note = text.lastIndexOf("[Only the first");
  return note >= 0 && text.endsWith("]") && !text.slice(note).slice(0, -1).includes("]") ? text.slice(0, note) : text;
}
