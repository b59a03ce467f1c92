"use client";

import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from "react";

/**
 * What the chat, the sidebar and the header share about conversations: the open one (its id and title), a
 * counter the chat bumps when the list must be read again (a conversation was named), and the latest reply.
 */
export interface ConversationsState {
  openId: string | null;
  title: string | null;
  /** Changes whenever the list may have changed; the sidebar reloads its first page then. */
  listVersion: number;
  setOpen: (open: { id: string; title: string | null } | null) => void;
  setTitle: (title: string | null) => void;
  listChanged: () => void;
  /** The latest reply that ended, and when: the sidebar moves that conversation to the top without a reload. */
  lastReply: { id: string; at: string } | null;
  replied: (conversationId: string) => void;
}

const ConversationsContext = createContext<ConversationsState | null>(null);

export function ConversationsProvider({ children }: { children: ReactNode }) {
  const [open, setOpenState] = useState<{ id: string; title: string | null } | null>(null);
  const [listVersion, setListVersion] = useState(0);
  const setOpen = useCallback((next: { id: string; title: string | null } | null) => setOpenState(next), []);
  const setTitle = useCallback(
    (title: string | null) => setOpenState((current) => (current ? { ...current, title } : current)),
    [],
  );
  const listChanged = useCallback(() => setListVersion((v) => v + 1), []);
  const [lastReply, setLastReply] = useState<{ id: string; at: string } | null>(null);
  const replied = useCallback((id: string) => setLastReply({ id, at: new Date().toISOString() }), []);
  const value = useMemo(
    () => ({
      openId: open?.id ?? null,
      title: open?.title ?? null,
      listVersion,
      setOpen,
      setTitle,
      listChanged,
      lastReply,
      replied,
    }),
    [open, listVersion, setOpen, setTitle, listChanged, lastReply, replied],
  );
  return <ConversationsContext value={value}>{children}</ConversationsContext>;
}

/** The shared conversation state; outside the chat shell (e.g. in a lone component test) a harmless stand-in. */
export function useConversations(): ConversationsState {
  return useContext(ConversationsContext) ?? FALLBACK;
}

const FALLBACK: ConversationsState = {
  openId: null,
  title: null,
  listVersion: 0,
  setOpen: () => {},
  setTitle: () => {},
  listChanged: () => {},
  lastReply: null,
  replied: () => {},
};
