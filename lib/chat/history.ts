import "server-only";
import { convertToModelMessages, type ModelMessage, type UIMessage } from "ai";
import { getThread, type ThreadMessage } from "../db/messages";

/** How much of a long conversation the model sees (newest messages of the visible path). */
export const CONTEXT_MESSAGES = 100;

/** The model's view of the thread ending at `leafId`: failed and empty replies and unfinished tool calls dropped. */
export async function modelMessagesFor({
  conversationId,
  userId,
  leafId,
}: {
  conversationId: string;
  userId: string;
  leafId: string;
}): Promise<ModelMessage[]> {
  const { messages } = await getThread({ conversationId, userId, leafId, limit: CONTEXT_MESSAGES });
  // getThread follows the newest reply below the leaf; the prompt must end at the leaf itself.
  const end = messages.findIndex((m) => m.id === leafId);
  const path = end === -1 ? messages : messages.slice(0, end + 1);
  return convertToModelMessages(path.map(toUIMessage).filter((m): m is UIMessage => m !== null));
}

function toUIMessage(message: ThreadMessage): UIMessage | null {
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
