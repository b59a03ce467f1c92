"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useConversations } from "./conversations-context";
import { applyPatch, type ItemPatch, type Mutation, mergePages, movedToTop, mutations } from "./list-state";
import type { ConversationPage, ConversationSummary, SidebarActions } from "./types";

export interface Notice {
  text: string;
  undo?: () => void;
}

const NOTICE_MS = 6000;

/**
 * The sidebar's data: the first page from the server, later pages as you scroll, search results, and every
 * change as one optimistic mutation (shown at once, undone or reloaded when the server refuses).
 * `onLeaveOpen` runs when the open conversation leaves the list (archived or trashed).
 */
export function useConversationList({
  initial,
  actions,
  onLeaveOpen,
}: {
  initial: ConversationPage;
  actions: SidebarActions;
  onLeaveOpen: () => void;
}) {
  const { openId, listVersion, setTitle, lastReply, listChanged } = useConversations();
  const [items, setItems] = useState(initial.items);
  const [cursor, setCursor] = useState(initial.nextCursor);
  const [query, setQuery] = useState("");
  const [results, setResults] = useState<ConversationPage | null>(null);
  const [loading, setLoading] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const queryRef = useRef(query);
  queryRef.current = query;

  // A reply ended: its conversation moves to the top. One the list does not have yet (a new chat) is read.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per reply; reads the items as they are now.
  useEffect(() => {
    if (!lastReply) return;
    const moved = movedToTop(items, lastReply.id, lastReply.at);
    if (moved) setItems(moved);
    else listChanged();
  }, [lastReply]);

  // A conversation was named (or the list changed elsewhere): new titles and the new order show up without a
  // reload of the page.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reloads whenever the list version changes.
  useEffect(() => {
    if (listVersion === 0) return;
    let stale = false;
    void actions.list({}).then((result) => {
      if (stale || !result.ok) return;
      setItems((current) => mergePages(result.data.items, current));
      setCursor((c) => c ?? result.data.nextCursor);
    });
    return () => {
      stale = true;
    };
  }, [listVersion]);

  // Search as you type, after a short pause; a newer query wins over a slower older one.
  useEffect(() => {
    const q = query.trim();
    if (!q) {
      setResults(null);
      return;
    }
    let stale = false;
    const timer = setTimeout(async () => {
      setLoading(true);
      const result = await actions.list({ q });
      if (stale) return;
      setLoading(false);
      setResults(result.ok ? result.data : { items: [], nextCursor: null });
    }, 200);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [query, actions]);

  const shown = results ?? { items, nextCursor: cursor };

  const loadMore = useCallback(async () => {
    if (loading || !shown.nextCursor) return;
    setLoading(true);
    const q = query.trim() || undefined;
    const result = await actions.list({ cursor: shown.nextCursor, q });
    setLoading(false);
    if (!result.ok) return setNotice({ text: result.error });
    if (results)
      setResults({ items: mergePages(results.items, result.data.items), nextCursor: result.data.nextCursor });
    else {
      setItems((current) => mergePages(current, result.data.items));
      setCursor(result.data.nextCursor);
    }
  }, [actions, loading, query, results, shown.nextCursor]);

  const patch = useCallback((id: string, change: ItemPatch) => {
    setItems((list) => applyPatch(list, id, change));
    setResults((r) => (r ? { ...r, items: applyPatch(r.items, id, change) } : r));
  }, []);

  const reload = useCallback(async () => {
    const result = await actions.list({});
    if (result.ok) {
      setItems(result.data.items);
      setCursor(result.data.nextCursor);
    }
    const q = queryRef.current.trim();
    if (q) {
      const searched = await actions.list({ q });
      if (searched.ok) setResults(searched.data);
    }
  }, [actions]);

  const mutate = useCallback(
    async (mutation: Mutation) => {
      patch(mutation.id, mutation.patch);
      const result = await mutation.run();
      if (!result.ok) {
        await reload();
        return setNotice({ text: result.error });
      }
      if (mutation.reorders) await reload();
      if (mutation.done) {
        const undo = mutation.undo;
        setNotice({
          text: mutation.done,
          undo: undo
            ? () => {
                void undo().then(reload);
              }
            : undefined,
        });
      }
      if (mutation.patch === null && mutation.id === openId) onLeaveOpen();
    },
    [openId, onLeaveOpen, patch, reload],
  );

  const handlers = {
    rename: (item: ConversationSummary, title: string) => {
      if (item.id === openId) setTitle(title);
      void mutate(mutations(actions, item).rename(title));
    },
    setPinned: (item: ConversationSummary, pinned: boolean) => void mutate(mutations(actions, item).setPinned(pinned)),
    archive: (item: ConversationSummary) => void mutate(mutations(actions, item).archive()),
    trash: (item: ConversationSummary) => void mutate(mutations(actions, item).trash()),
  };

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);

  return {
    shown,
    searching: results !== null,
    query,
    setQuery,
    loading,
    loadMore,
    notice,
    dismissNotice: () => setNotice(null),
    handlers,
    openId,
  };
}
