// Message shapes shared by the data layer (lib/db/messages.ts) and the UI (components/chat): neither owns them.

export type MessageRole = "user" | "assistant" | "system" | "tool";
export type MessageStatus = "complete" | "streaming" | "aborted" | "error";
/** AI SDK UIMessage parts, stored as JSON. */
export type MessagePart = { type: string } & Record<string, unknown>;

export interface ThreadMessage {
  id: string;
  role: MessageRole;
  parts: MessagePart[];
  content: string;
  status: MessageStatus;
  error: string | null;
  modelId: string | null;
  parentId: string | null;
  createdAt: Date;
  siblingIds: string[];
  siblingIndex: number;
  /** The reader's own vote on this reply, if any. */
  feedback?: "up" | "down" | null;
}
