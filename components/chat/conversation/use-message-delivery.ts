"use client";

import type { UseChatHelpers } from "@ai-sdk/react";
import { type RefObject, useCallback, useEffect } from "react";
import { clearUnsent, markUnsent, unsentMessages } from "../chat-state";
import { readUnsent, writeDraft, writeUnsent } from "../drafts";
import { type ChatMessage, messageText } from "../types";
import type { Sending } from "./reply-stream-events";

const OFFLINE_REASON = "You are offline. It will be sent when the connection is back.";

/**
 * Sending the person's messages with nothing lost: each has its own id, so sending again never stores it
 * twice; offline, a message waits on screen as not sent and goes by itself once the connection is back;
 * after a reload, a message that was not sent comes back.
 */
export function useMessageDelivery({
  chat,
  conversationId,
  initialMessages,
  shown,
  sending,
  unsentKey,
  becomeReal,
  online,
  streaming,
}: {
  chat: UseChatHelpers<ChatMessage>;
  conversationId: string;
  initialMessages: ChatMessage[];
  /** The messages on screen now. */
  shown: RefObject<ChatMessage[]>;
  sending: RefObject<Sending>;
  unsentKey: () => string | null;
  becomeReal: () => void;
  online: boolean;
  streaming: boolean;
}) {
  const { setMessages } = chat;

  // Read after mount: storage exists only in the browser.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per conversation.
  useEffect(() => {
    const unsent = readUnsent(unsentKey());
    if (!unsent) return;
    if (initialMessages.some((m) => m.id === unsent.id)) return writeUnsent(unsentKey(), null);
    const message: ChatMessage = { id: unsent.id, role: "user", parts: [{ type: "text", text: unsent.text }] };
    setMessages((list) => markUnsent([...list, message], unsent.id, "It did not reach the server."));
  }, [conversationId]);

  /** Sends (or sends again) one of the person's messages with its own id; offline, it waits as not sent. */
  const deliver = useCallback(
    (message: ChatMessage, retry: boolean) => {
      const text = messageText(message);
      becomeReal();
      if (!navigator.onLine) {
        setMessages((list) => markUnsent(retry ? list : [...list, message], message.id, OFFLINE_REASON));
        writeUnsent(unsentKey(), { id: message.id, text });
        return;
      }
      sending.current = { id: message.id, text };
      if (retry) {
        setMessages((list) => list.map((m) => (m.id === message.id ? clearUnsent(m) : m)));
        void chat.sendMessage({ text, messageId: message.id });
      } else {
        void chat.sendMessage(message);
      }
    },
    [becomeReal, chat, sending, setMessages, unsentKey],
  );

  const retry = useCallback((message: ChatMessage) => deliver(message, true), [deliver]);

  // Back online: what waited is sent by itself.
  useEffect(() => {
    if (!online || streaming) return;
    const waiting = unsentMessages(shown.current).at(-1);
    if (waiting?.metadata?.unsent === OFFLINE_REASON) retry(waiting);
  }, [online, streaming, retry, shown]);

  return { deliver, retry };
}

/** The composer's Send: refused while an earlier message is still not sent, so the thread keeps its order. */
export function useSendDraft({
  conversationId,
  draft,
  setDraft,
  shown,
  deliver,
  setComposerError,
}: {
  conversationId: string;
  draft: string;
  setDraft: (value: string) => void;
  shown: RefObject<ChatMessage[]>;
  deliver: (message: ChatMessage, retry: boolean) => void;
  setComposerError: (message: string | null) => void;
}) {
  return useCallback(() => {
    const text = draft;
    if (!text.trim()) return;
    if (unsentMessages(shown.current).length > 0) {
      setComposerError("Your last message has not been sent yet. Retry it first.");
      return;
    }
    setComposerError(null);
    setDraft("");
    writeDraft(conversationId, "");
    deliver({ id: crypto.randomUUID(), role: "user", parts: [{ type: "text", text }] }, false);
  }, [conversationId, deliver, draft, setDraft, shown, setComposerError]);
}
