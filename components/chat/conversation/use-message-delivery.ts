"use client";

import type { FileUIPart } from "ai";
import { type RefObject, useCallback, useEffect } from "react";
import { clearUnsent, markUnsent, unsentMessages } from "../chat-state";
import { readUnsent, writeDraft, writeUnsent } from "../drafts";
import type { SendMachine } from "../send-machine";
import type { ChatMessage } from "../types";
import type { ChatHandle } from "../use-lazy-chat";
import { filePartsOf, messageFromUnsent, unsentRecordOf, userMessage } from "./outgoing-message";

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
  machine,
  unsentKey,
  becomeReal,
  online,
  streaming,
}: {
  chat: ChatHandle;
  conversationId: string;
  initialMessages: ChatMessage[];
  /** The messages on screen now. */
  shown: RefObject<ChatMessage[]>;
  machine: SendMachine;
  unsentKey: () => string | null;
  becomeReal: () => void;
  online: boolean;
  /** A request is in flight (see isActive). */
  streaming: boolean;
}) {
  // The chat's functions keep their identity across renders (the chat object itself does not), so `deliver`
  // does too, and the messages' memoised buttons do not render again on every streamed word.
  const { setMessages, sendMessage } = chat;

  // Read after mount: storage exists only in the browser.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per conversation.
  useEffect(() => {
    const unsent = readUnsent(unsentKey());
    if (!unsent) return;
    if (initialMessages.some((m) => m.id === unsent.id)) return writeUnsent(unsentKey(), null);
    setMessages((list) => markUnsent([...list, messageFromUnsent(unsent)], unsent.id, "It did not reach the server."));
  }, [conversationId]);

  /**
   * Sends (or sends again) one of the person's messages with its own id and its files; offline, it waits as
   * not sent (files included).
   */
  const deliver = useCallback(
    (message: ChatMessage, retry: boolean) => {
      const record = unsentRecordOf(message);
      becomeReal();
      if (!navigator.onLine) {
        machine.dispatch({ type: "wait", message: record, reason: OFFLINE_REASON });
        setMessages((list) => markUnsent(retry ? list : [...list, message], message.id, OFFLINE_REASON));
        writeUnsent(unsentKey(), record);
        return;
      }
      machine.dispatch({ type: "send", message: record });
      if (retry) {
        setMessages((list) => list.map((m) => (m.id === message.id ? clearUnsent(m) : m)));
        // A files-only message stays without a text part (the SDK would add an empty one for `text: ""`).
        const text = record.text ? { text: record.text } : {};
        void sendMessage({ ...text, files: filePartsOf(message), messageId: message.id });
      } else {
        void sendMessage(message);
      }
    },
    [becomeReal, sendMessage, machine, setMessages, unsentKey],
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

/**
 * The composer's Send, with the files already uploaded: refused while an earlier message is still not sent,
 * so the thread keeps its order. Answers whether it was sent (if not, the draft and the files stay).
 */
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
  return useCallback(
    (files: FileUIPart[] = []): boolean => {
      const text = draft;
      if (!text.trim() && files.length === 0) return false;
      if (unsentMessages(shown.current).length > 0) {
        setComposerError("Your last message has not been sent yet. Retry it first.");
        return false;
      }
      setComposerError(null);
      setDraft("");
      writeDraft(conversationId, "");
      deliver(userMessage(crypto.randomUUID(), text, files), false);
      return true;
    },
    [conversationId, deliver, draft, setDraft, shown, setComposerError],
  );
}
