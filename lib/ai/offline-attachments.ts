// The offline model's account of the files it was given, so attachments can be tried without a real model.
import type { LanguageModelV4Prompt } from "@ai-sdk/provider";

type UserContent = Extract<LanguageModelV4Prompt[number], { role: "user" }>["content"];

const ELEMENT = /^<attachment ([^>]*?)\s*(?:\/>|>([\s\S]*)<\/attachment>)$/;
const ATTRIBUTE = /(\w+)="([^"]*)"/g;

export const isAttachmentText = (text: string) => text.startsWith("<attachment ");

/** One line per attached file (name, type, size, dimensions, pages, first words), or null when there are none. */
export function describeAttachments(content: UserContent): string | null {
  const lines: string[] = [];
  const images = content.filter((part) => part.type === "file" && part.mediaType.startsWith("image/"));
  let imageIndex = 0;
  for (const part of content) {
    if (part.type !== "text" || !isAttachmentText(part.text)) continue;
    const match = ELEMENT.exec(part.text.trim());
    if (!match) continue;
    const attributes = Object.fromEntries(
      Array.from((match[1] ?? "").matchAll(ATTRIBUTE), (m) => [m[1], decodeEntities(m[2] ?? "")]),
    );
    const body = (match[2] ?? "").trim();
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
      const words = body
        .replace(/\[Only the first[^\]]*\]$/, "")
        .split(/\s+/)
        .filter(Boolean)
        .slice(0, 12)
        .join(" ");
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
  if (typeof data === "string") return Math.floor((data.replace(/=+$/, "").length * 3) / 4);
  if (data && typeof data === "object" && "type" in data && (data as { type: string }).type === "data") {
    return byteLength((data as unknown as { data: unknown }).data);
  }
  return 0;
}

function decodeEntities(value: string): string {
  return value.replace(/&(amp|quot|lt|gt);/g, (_, e: string) => ({ amp: "&", quot: '"', lt: "<", gt: ">" })[e] ?? e);
}
