"use client";

import { type RefObject, useMemo } from "react";
import { apiRequest } from "../api-request";
import type { ChatActions } from "../chat-view";
import type { MessageActions } from "../message";
import type { SendMachine } from "../send-machine";
import type { ChatMessage } from "../types";
import type { ChatHandle } from "../use-lazy-chat";
import { filePartsOf, userMessage } from "./outgoing-message";
import { resumeReply } from "./reply-stream-events";

/**
 * What the buttons on a message do: edit (a new branch that keeps the message's files), regenerate (the server
 * reads the stored message's files again), send again, and switch versions.
 */
export function useMessageActions({
  actions,
  chat,
  machine,
  conversationId,
  shown,
  deliver,
  retry,
  showPage,
  setComposerError,
}: {
  actions: ChatActions;
  chat: ChatHandle;
  machine: SendMachine;
  conversationId: string;
  shown: RefObject<ChatMessage[]>;
  deliver: (message: ChatMessage, retry: boolean) => void;
  retry: (message: ChatMessage) => void;
  /** Shows a whole page of the thread in place of what is on screen. */
  showPage: (page: { messages: ChatMessage[]; hasMore: boolean }) => void;
  setComposerError: (message: string | null) => void;
}): MessageActions {
  // Stable functions of the chat (see useMessageDelivery), so the actions change only with what they use.
  const { setMessages, regenerate } = chat;
  return useMemo(
    () => ({
      edit: (message, text) => {
        setComposerError(null);
        const index = shown.current.findIndex((m) => m.id === message.id);
        if (index === -1) return;
        setMessages(shown.current.slice(0, index));
        // The edited copy carries the original's files.
        deliver(userMessage(crypto.randomUUID(), text, filePartsOf(message)), false);
      },
      regenerate: (message) => {
        setComposerError(null);
        machine.dispatch({ type: "regenerate" });
        void regenerate({ messageId: message.id });
      },
      retrySend: retry,
      answerTool: async (message, approvalId, approved) => {
        setComposerError(null);
        try {
          // Answers at once; the reply continues on the server and is followed like any reply being written.
          await apiRequest("POST", `/messages/${message.id}/approval`, {
            approval_id: approvalId,
            approved,
            wait: false,
          });
        } catch (error) {
          setComposerError(error instanceof Error ? error.message : String(error));
          return;
        }
        setMessages(
          shown.current.map((m) =>
            m.id !== message.id
              ? m
              : {
                  ...m,
                  metadata: { ...m.metadata, status: "streaming" },
                  parts: m.parts.map((p) =>
                    "approval" in p && p.approval?.id === approvalId
                      ? ({ ...p, state: "approval-responded", approval: { ...p.approval, approved } } as typeof p)
                      : p,
                  ),
                },
          ),
        );
        resumeReply(chat, machine);
      },
      switchVersion: async (message, index) => {
        const target = message.metadata?.siblingIds?.[index];
        if (!target) return;
        // Stored first, so a reload right after shows the same branch.
        const chosen = await actions.chooseBranch({ conversationId, messageId: target });
        if (!chosen.ok) return setComposerError(chosen.error);
        const result = await actions.loadThread({ conversationId, leafId: target });
        if (!result.ok) return setComposerError(result.error);
        showPage(result.data);
      },
    }),
    [
      actions,
      chat,
      setMessages,
      regenerate,
      machine,
      conversationId,
      deliver,
      retry,
      shown,
      showPage,
      setComposerError,
    ],
  );
}
