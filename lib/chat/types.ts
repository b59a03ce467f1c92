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
