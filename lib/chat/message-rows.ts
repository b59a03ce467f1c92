import "server-only";
import { attachmentPart } from "../attachments/parts";
import type { AttachmentMeta } from "../db/attachments";
import type { MessagePart, NewMessageRow } from "../db/messages";

// The rows a send stores: the person's message and the reply's first, empty state (lib/chat/generate.ts).

/** The person's message as stored: its text, then a file part for each attachment. */
export function userParts(text: string, files: AttachmentMeta[]): MessagePart[] {
  return [
    ...(text || files.length === 0 ? [{ type: "text", text }] : []),
    ...files.map((file) => ({ ...attachmentPart(file) })),
  ];
}

export function userRow(
  message: { id: string; text: string; parentId: string | null },
  files: AttachmentMeta[],
  userId: string,
): NewMessageRow {
  const parts = userParts(message.text, files);
  return {
    id: message.id,
    role: "user",
    authorId: userId,
    content: message.text,
    parts,
    status: "complete",
    parentId: message.parentId,
    attachmentIds: files.map((file) => file.id),
  };
}

/** The reply's row as it starts: empty and streaming (the heartbeat and the writer keep it current). */
export function replyRow(id: string, parentId: string, modelId: string): NewMessageRow {
  return { id, role: "assistant", authorId: null, content: "", parts: [], status: "streaming", parentId, modelId };
}
