import type { UIMessageChunk } from "ai";
import type { ReplyMetadata } from "../chat/types";
import { SOURCES_PART, sourcesOf } from "../projects/sources";
import type { MessageOut } from "./schemas";

/**
 * The assistant message as its stream told it (id, text, final status and error), for the REST stream's last
 * event when the stored row cannot be read back (the database is down): the stream still ends with a message
 * and `[DONE]`, saying what the server knows.
 */
export class StreamedReply {
  private id = "";
  private text = "";
  private error: string | null = null;
  private parts: unknown[] = [];
  private metadata: Partial<ReplyMetadata> = {};
  private readonly startedAt = new Date();

  add(chunk: UIMessageChunk): void {
    if (chunk.type === "start") {
      this.id = chunk.messageId ?? this.id;
      this.metadata = { ...this.metadata, ...(chunk.messageMetadata as Partial<ReplyMetadata>) };
    } else if (chunk.type === "text-delta") this.text += chunk.delta;
    else if (chunk.type === "error") this.error = chunk.errorText;
    else if (chunk.type === SOURCES_PART) this.parts.push(chunk);
    else if (chunk.type === "finish") {
      this.metadata = { ...this.metadata, ...(chunk.messageMetadata as Partial<ReplyMetadata>) };
    }
  }

  message({ conversationId, parentId }: { conversationId: string; parentId: string }): MessageOut {
    const status = this.metadata.status ?? "error";
    return {
      object: "message",
      id: this.id,
      conversation_id: conversationId,
      parent_id: parentId,
      role: "assistant",
      content: this.text,
      parts: this.text ? [{ type: "text", text: this.text }] : [],
      attachments: [],
      sources: sourcesOf(this.parts).map((s) => ({ file_id: s.fileId, name: s.name, page: s.page, offset: s.offset })),
      status: status === "streaming" ? "error" : status,
      error: this.error,
      model: this.metadata.modelId ?? null,
      created_at: this.startedAt.toISOString(),
    };
  }
}
