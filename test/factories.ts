import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";
import { insertMessage, type MessagePart, type MessageStatus } from "@/lib/db/messages";

/** A user row for tests (no password login needed). */
export async function createTestUser(prefix = "u") {
  const tag = randomUUID().slice(0, 8);
  return db.user.create({
    data: { email: `${prefix}-${tag}@example.test`, username: `${prefix}${tag}`, passwordHash: "x" },
  });
}

/**
 * A stored message, through the same insert the reply engine uses. Assistant messages default to a
 * `streaming` row with no text (what the engine writes first); give `text` and `status` for a finished one.
 */
export async function addMessage(
  conversation: { id: string; userId: string },
  {
    id = randomUUID(),
    role,
    text,
    parentId,
    status,
    modelId = "offline",
    parts,
  }: {
    id?: string;
    role: "user" | "assistant";
    text?: string;
    parentId: string | null;
    status?: MessageStatus;
    modelId?: string;
    /** Defaults to one text part with `text`. */
    parts?: MessagePart[];
  },
) {
  const content = text ?? (role === "user" ? "hello" : "");
  return insertMessage(conversation, {
    id,
    role,
    authorId: role === "user" ? conversation.userId : null,
    content,
    parts: parts ?? (content ? [{ type: "text", text: content }] : []),
    status: status ?? (role === "user" ? "complete" : "streaming"),
    parentId,
    modelId: role === "assistant" ? modelId : null,
  });
}
