import type { UIMessage } from "ai";
import { textOf } from "@/lib/chat/parts";
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
  /** Only in this browser: the person's message did not reach the server, and why (it can be retried). */
  unsent?: string;
  /** The person's own vote on this reply. */
  feedback?: "up" | "down" | null;
  /** On a reply's finish: the versions of the person's message it answers (see lib/chat/finish-metadata). */
  parentBranch?: { id: string; siblingIds: string[]; siblingIndex: number };
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
  vision: boolean;
  /** The connection's name, shown next to the label once there is more than one. */
  connection?: string;
  reasoning?: boolean;
  /** Takes a reasoning effort: the composer offers Low / Medium / High. */
  reasoningEffort?: boolean;
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
        feedback: m.feedback ?? null,
      },
    }));
}

/** The plain text of a message, for copying and editing. */
export function messageText(message: Pick<ChatMessage, "parts">): string {
  return textOf(message.parts);
}
