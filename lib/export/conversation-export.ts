import { attachmentsOf } from "../attachments/parts";
import { textOf, toolNameOf, toolPartsOf } from "../chat/parts";
import type { Conversation } from "../db/conversations";
import type { Message } from "../db/messages";
import { sourceLabel, sourcesOf } from "../projects/sources";

export interface ExportedConversation {
  conversation: Pick<Conversation, "id" | "title" | "modelId" | "systemPrompt" | "createdAt" | "updatedAt"> &
    Partial<Pick<Conversation, "currentLeafId">>;
  messages: Message[];
}

/** The visible thread: the path from the root to the most recently created message. */
export function currentThread(messages: Message[]): Message[] {
  const byId = new Map(messages.map((m) => [m.id, m]));
  const newest = messages.reduce<Message | undefined>((a, m) => (!a || m.seq > a.seq ? m : a), undefined);
  const path: Message[] = [];
  for (let m = newest; m; m = m.parentId ? byId.get(m.parentId) : undefined) path.push(m);
  return path.reverse();
}

function messageText(message: Message): string {
  return textOf(message.parts) || message.content;
}

/** The current thread as Markdown: a heading per turn, tool calls summarised, failures noted. */
export function toMarkdown({ conversation, messages }: ExportedConversation): string {
  const lines = [`# ${conversation.title ?? "Untitled conversation"}`, ""];
  lines.push(`_Exported from Parley on ${new Date().toISOString()}_`, "");
  if (conversation.systemPrompt)
    lines.push(`> **System prompt:** ${conversation.systemPrompt.replace(/\n/g, "\n> ")}`, "");
  for (const message of currentThread(messages)) {
    if (message.role !== "user" && message.role !== "assistant") continue;
    const who = message.role === "user" ? "You" : `Assistant${message.modelId ? ` (${message.modelId})` : ""}`;
    const files = attachmentsOf(message.parts);
    lines.push(`## ${who}`, "", messageText(message).trim() || (files.length ? "" : "_(no text)_"), "");
    // Links to the files in Parley (they open for their owner when signed in).
    for (const file of files)
      lines.push(`- 📎 [${markdownLabel(file.name)}](${file.url}) (${file.mediaType}, ${file.size} bytes)`);
    if (files.length) lines.push("");
    const sources = sourcesOf(message.parts);
    if (sources.length) {
      lines.push(`Sources: ${sources.map((source) => markdownLabel(sourceLabel(source))).join("; ")}`, "");
    }
    for (const tool of toolPartsOf(message.parts)) {
      lines.push(
        `> Tool \`${toolNameOf(tool)}\`: ${JSON.stringify(tool.input ?? {})} → ${JSON.stringify(tool.output ?? null)}`,
        "",
      );
    }
    if (message.status === "aborted") lines.push("_(stopped)_", "");
    if (message.status === "error") lines.push(`_(error: ${message.error ?? "unknown"})_`, "");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

/** Everything, every branch included, so nothing is lost: the tree can be rebuilt from `parentId`. */
export function toJson({ conversation, messages }: ExportedConversation): string {
  return JSON.stringify(
    {
      format: "parley.conversation.v1",
      exportedAt: new Date().toISOString(),
      conversation,
      messages: messages.map((m) => ({
        id: m.id,
        parentId: m.parentId,
        role: m.role,
        content: m.content,
        parts: m.parts,
        attachments: attachmentsOf(m.parts).map(({ id, name, mediaType, size, url }) => ({
          id,
          name,
          mediaType,
          size,
          url,
        })),
        sources: sourcesOf(m.parts).map(({ fileId, name, page, offset }) => ({ fileId, name, page, offset })),
        status: m.status,
        error: m.error,
        modelId: m.modelId,
        inputTokens: m.inputTokens,
        outputTokens: m.outputTokens,
        createdAt: m.createdAt,
      })),
    },
    null,
    2,
  );
}

function markdownLabel(name: string): string {
  return name.replace(/[\\[\]()*_`<>]/g, (c) => `\\${c}`);
}

/** A file name a download can use: the title's letters and digits, else the id. */
export function exportFileName(conversation: Pick<Conversation, "id" | "title">, extension: string): string {
  const slug = (conversation.title ?? "")
    .normalize("NFKD")
    .replace(/[^\w\s-]/g, "")
    .trim()
    .replace(/\s+/g, "-")
    .slice(0, 60)
    .toLowerCase();
  return `${slug || `conversation-${conversation.id.slice(0, 8)}`}.${extension}`;
}
