"use client";

import { DefaultChatTransport } from "ai";
import { fileIdOf } from "./attachment-upload";
import { SendTimeoutError } from "./chat-state";
import type { ChatMessage } from "./types";

/** How long a send may wait for the server to start answering before it counts as failed (and can be retried). */
const SEND_TIMEOUT_MS = 30_000;

/** fetch that gives up when no response has started after SEND_TIMEOUT_MS (a stop still aborts it). */
const fetchWithTimeout: typeof fetch = async (input, init) => {
  const controller = new AbortController();
  const outer = init?.signal;
  if (outer?.aborted) controller.abort(outer.reason);
  outer?.addEventListener("abort", () => controller.abort(outer.reason), { once: true });
  const timer = setTimeout(() => controller.abort(new SendTimeoutError()), SEND_TIMEOUT_MS);
  try {
    return await fetch(input, { ...init, signal: controller.signal });
  } finally {
    clearTimeout(timer);
  }
};

/**
 * The chat endpoint as the AI SDK sees it: only the newest message of the person travels (the server has the
 * rest), with its parent, the chosen model, and what to regenerate.
 */
export function chatTransport(currentModelId: () => string, onNothingToResume: () => void = () => {}) {
  const transport = new DefaultChatTransport<ChatMessage>({
    api: "/api/chat",
    fetch: fetchWithTimeout,
    prepareSendMessagesRequest: ({ id, messages, trigger, messageId }) => {
      const lastUserIndex = messages.findLastIndex((m) => m.role === "user");
      const userMessage = messages[lastUserIndex];
      if (!userMessage) throw new Error("There is no message to send.");
      return {
        body: {
          conversationId: id,
          message: { id: userMessage.id, role: "user", parts: userMessage.parts.filter((p) => p.type === "text") },
          // The files travel by id (uploaded first); the server checks they are the sender's.
          attachments: userMessage.parts.flatMap((p) => {
            const id = p.type === "file" ? fileIdOf(p.url) : null;
            return id ? [id] : [];
          }),
          parentId: messages[lastUserIndex - 1]?.id ?? null,
          modelId: currentModelId(),
          ...(trigger === "regenerate-message" && messageId ? { regenerate: { messageId } } : {}),
        },
      };
    },
  });
  const reconnect = transport.reconnectToStream.bind(transport);
  transport.reconnectToStream = async (options) => {
    const stream = await reconnect(options);
    if (!stream) onNothingToResume();
    return stream;
  };
  return transport;
}
