"use client";

import { DefaultChatTransport } from "ai";
import { chatFetch, chatRequestBody } from "./chat-request";
import type { ChatMessage } from "./types";

/**
 * The chat endpoint as the AI SDK sees it: only the newest message of the person travels (the server has the
 * rest), with its parent, the chosen model, and what to regenerate.
 */
export function chatTransport(currentModelId: () => string, onNothingToResume: () => void = () => {}) {
  const transport = new DefaultChatTransport<ChatMessage>({
    api: "/api/chat",
    fetch: chatFetch,
    prepareSendMessagesRequest: ({ id, messages, trigger, messageId }) => ({
      body: chatRequestBody({
        conversationId: id,
        messages,
        modelId: currentModelId(),
        regenerateId: trigger === "regenerate-message" ? messageId : undefined,
      }),
    }),
  });
  const reconnect = transport.reconnectToStream.bind(transport);
  transport.reconnectToStream = async (options) => {
    const stream = await reconnect(options);
    if (!stream) onNothingToResume();
    return stream;
  };
  return transport;
}
