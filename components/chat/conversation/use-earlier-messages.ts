"use client";

import { useCallback, useState } from "react";
import type { ChatActions } from "../chat-view";
import type { ChatMessage } from "../types";
import type { ChatHandle } from "../use-lazy-chat";

/** Paging back through a long thread: whether older messages exist, and loading the page before the first. */
export function useEarlierMessages({
  actions,
  chat,
  conversationId,
  initialHasMore,
}: {
  actions: ChatActions;
  chat: ChatHandle;
  conversationId: string;
  initialHasMore: boolean;
}) {
  const [hasMore, setHasMore] = useState(initialHasMore);
  const { messages, setMessages } = chat;

  const loadEarlier = useCallback(async () => {
    const first = messages[0];
    if (!first) return;
    const result = await actions.loadThread({ conversationId, beforeId: first.id });
    if (!result.ok) return;
    setMessages((current) => {
      const seen = new Set(current.map((m) => m.id));
      return [...result.data.messages.filter((m) => !seen.has(m.id)), ...current];
    });
    setHasMore(result.data.hasMore);
  }, [actions, conversationId, messages, setMessages]);

  /** Shows a whole page (another branch) in place of what is on screen. */
  const showPage = useCallback(
    (page: { messages: ChatMessage[]; hasMore: boolean }) => {
      setMessages(page.messages);
      setHasMore(page.hasMore);
    },
    [setMessages],
  );

  return { hasMore, loadEarlier, showPage };
}
