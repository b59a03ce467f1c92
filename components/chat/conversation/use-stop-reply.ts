"use client";

import { type RefObject, useCallback } from "react";
import type { SendMachine } from "../send-machine";
import { type ChatMessage, messageText } from "../types";
import type { ChatHandle } from "../use-lazy-chat";

/**
 * Stop: what is on screen when the person clicks is the reply; nothing that arrives after the click is shown
 * or kept. The server is told how much was visible, then the thread is reloaded to show what it stored.
 */
export function useStopReply({
  chat,
  conversationId,
  shown,
  machine,
  resync,
}: {
  chat: ChatHandle;
  machine: SendMachine;
  conversationId: string;
  shown: RefObject<ChatMessage[]>;
  resync: () => Promise<unknown>;
}) {
  const { setMessages, stop } = chat;
  return useCallback(async () => {
    const last = shown.current.at(-1);
    const reply = last?.role === "assistant" ? last : null;
    await stop();
    machine.dispatch({ type: "stopped" });
    if (reply) setMessages((list) => list.map((m) => (m.id === reply.id ? reply : m)));
    try {
      await fetch(`/api/chat/${conversationId}/stop`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(reply ? { messageId: reply.id, visibleChars: messageText(reply).length } : {}),
      });
    } catch {
      // Offline: the server finishes the reply on its own; the resync below shows what it has.
    }
    await resync();
  }, [stop, conversationId, setMessages, shown, machine, resync]);
}
