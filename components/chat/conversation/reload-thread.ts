import { mergeKeepingUnsent, unsentMessages } from "../chat-state";
import type { ChatActions } from "../chat-view";
import type { ChatMessage } from "../types";

/**
 * Reloads the thread's newest page (ending below `leafId`, else below the last message the server has) and
 * shows it, keeping messages that were not sent; answers the page, or null when the server could not be
 * reached or does not have that message.
 */
export async function reloadNewestPage({
  actions,
  conversationId,
  shown,
  setMessages,
  leafId,
}: {
  actions: ChatActions;
  conversationId: string;
  shown: ChatMessage[];
  setMessages: (update: (current: ChatMessage[]) => ChatMessage[]) => void;
  leafId?: string;
}): Promise<ChatMessage[] | null> {
  try {
    const unsent = unsentMessages(shown);
    const anchor = leafId ?? shown.findLast((m) => !unsent.includes(m))?.id ?? null;
    const result = await actions.loadThread({ conversationId, leafId: anchor });
    if (!result.ok) return null;
    setMessages((current) => mergeKeepingUnsent(current, result.data.messages));
    return result.data.messages;
  } catch {
    return null;
  }
}
