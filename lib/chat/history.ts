import "server-only";
import { convertToModelMessages, type ModelMessage, type UIMessage } from "ai";
import type { MessagePart, MessageRole, MessageStatus } from "../db/messages";

/** How much of a long conversation the model sees (newest messages of the visible path). */
export const CONTEXT_MESSAGES = 100;

export interface HistoryMessage {
  id: string;
  role: MessageRole;
  parts: MessagePart[];
  status: MessageStatus;
}

/** The model's view of a thread: failed and empty replies and unfinished tool calls left out. */
export function toModelMessages(history: HistoryMessage[]): Promise<ModelMessage[]> {
  return convertToModelMessages(history.map(toUIMessage).filter((m): m is UIMessage => m !== null));
}

function toUIMessage(message: HistoryMessage): UIMessage | null {
  if (message.role !== "user" && message.role !== "assistant") return null;
  if (message.role === "assistant" && (message.status === "error" || message.status === "streaming")) return null;
  const parts = message.parts.filter((part) => {
    if (part.type === "text" || part.type === "reasoning") return typeof part.text === "string" && part.text.length > 0;
    if (part.type.startsWith("tool-")) return part.state === "output-available" || part.state === "output-error";
    return part.type === "step-start";
  });
  if (!parts.some((p) => p.type !== "step-start")) return null;
  return { id: message.id, role: message.role, parts: parts as UIMessage["parts"] };
}
