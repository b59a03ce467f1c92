"use client";

import { type ChatTransport, DefaultChatTransport } from "ai";
import { chatRequestBody, type EarlySends, fetchWithTimeout } from "./chat-request";
import { currentReasoningEffort } from "./reasoning-effort";
import type { ChatMessage } from "./types";

type SendOptions = Parameters<ChatTransport<ChatMessage>["sendMessages"]>[0];

/**
 * The chat endpoint as the AI SDK sees it: only the newest message of the person travels (the server has the
 * rest), with its parent, the chosen model, and what to regenerate. A send already started in the click (see
 * EarlySends) is taken over, not sent again; a resume that finds nothing to follow (204) is reported.
 */
export function chatTransport({
  currentModelId,
  onNothingToResume = () => {},
  early,
}: {
  currentModelId: () => string;
  onNothingToResume?: () => void;
  early: EarlySends;
}): ChatTransport<ChatMessage> {
  const over = (fetch: typeof globalThis.fetch) =>
    new DefaultChatTransport<ChatMessage>({
      api: "/api/chat",
      fetch,
      prepareSendMessagesRequest: ({ id, messages, trigger, messageId }) => ({
        body: chatRequestBody({
          conversationId: id,
          messages,
          modelId: currentModelId(),
          reasoningEffort: currentReasoningEffort(),
          regenerateId: trigger === "regenerate-message" ? messageId : undefined,
        }),
      }),
    });
  const http = over((input, init) => fetchWithTimeout(input, init).response);
  return {
    // The server replays a reply from its start when it is followed again.
    resumeStreamIsReplay: http.resumeStreamIsReplay,
    sendMessages: (options: SendOptions) => {
      const started =
        options.trigger === "submit-message"
          ? early.take(options.messages.findLast((m) => m.role === "user")?.id)
          : undefined;
      if (!started) return http.sendMessages(options);
      started.follow(options.abortSignal);
      // The SDK's own handling of the response (errors, the stream), over the request already under way.
      return over(() => started.response).sendMessages(options);
    },
    reconnectToStream: async (options) => {
      const stream = await http.reconnectToStream(options);
      if (!stream) onNothingToResume();
      return stream;
    },
  };
}
