import type { UIMessageChunk } from "ai";
import type { Message, MessageStatus } from "../db/messages";

/** Sent with every reply's `start` and `finish` chunks (the UI's `message.metadata`). */
export interface ReplyMetadata {
  modelId: string;
  modelLabel: string;
  status: MessageStatus;
  conversationId?: string;
  inputTokens?: number | null;
  outputTokens?: number | null;
  /**
   * On the stored reply's `finish` only: where the reply and the person's message it answers now sit in the
   * tree (a regenerate adds a version of the reply, an edit one of the message), so the browser shows the
   * version arrows without reading the thread again.
   */
  parentId?: string | null;
  siblingIds?: string[];
  siblingIndex?: number;
  parentBranch?: { id: string; siblingIds: string[]; siblingIndex: number };
}

/** One reader's view of a reply: its UI message stream from the start, and when it is stored. */
export interface ReplyHandle {
  conversationId: string;
  assistantMessageId: string;
  /** The UI message stream: the whole reply from its start, live while it is generated. */
  stream: ReadableStream<UIMessageChunk>;
  /** Settles once the reply is stored in its final state (complete, aborted or error), or given up on. */
  done: Promise<void>;
  /** Whether this call stored the person's message (false: a retry joined the reply already under way). */
  created?: boolean;
  /** The person's message as this call stored it (when it did), so callers need not read it back. */
  userMessage?: Message;
}
