import type { MessageStatus } from "../db/messages";

/** Sent with every reply's `start` and `finish` chunks (the UI's `message.metadata`). */
export interface ReplyMetadata {
  modelId: string;
  modelLabel: string;
  status: MessageStatus;
  conversationId?: string;
  inputTokens?: number | null;
  outputTokens?: number | null;
}
