import type { UIMessage } from "ai";
import type { MessageStatus, ThreadMessage } from "@/lib/message-types";

/** What the UI knows about a message beyond its parts: who answered, how it ended, where it sits in the tree. */
export interface ChatMetadata {
  modelId?: string | null;
  modelLabel?: string;
  status?: MessageStatus;
  error?: string | null;
  parentId?: string | null;
  siblingIds?: string[];
  siblingIndex?: number;
}

export type ChatMessage = UIMessage<ChatMetadata>;

export interface ChatThreadPage {
  messages: ChatMessage[];
  hasMore: boolean;
}

export interface ModelOption {
  id: string;
  label: string;
  offline: boolean;
}

/** Stored thread messages as the AI SDK's UI messages (system and tool rows are not shown on their own). */
export function toChatMessages(messages: ThreadMessage[]): ChatMessage[] {
  return messages
    .filter((m) => m.role === "user" || m.role === "assistant")
    .map((m) => ({
      id: m.id,
      role: m.role as "user" | "assistant",
      parts: (m.parts.length ? m.parts : [{ type: "text", text: m.content }]) as ChatMessage["parts"],
      metadata: {
        modelId: m.modelId,
        status: m.status,
        error: m.error,
        parentId: m.parentId,
        siblingIds: m.siblingIds,
        siblingIndex: m.siblingIndex,
      },
    }));
}

/** The plain text of a message, for copying and editing. */
export function messageText(message: Pick<ChatMessage, "parts">): string {
  return message.parts
    .filter((p): p is { type: "text"; text: string } => p.type === "text")
    .map((p) => p.text)
    .join("");
}
