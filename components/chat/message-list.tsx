"use client";

import type { ChatStatus } from "ai";
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { ArrowDownIcon } from "./icons";
import { Message, type MessageActions } from "./message";
import type { ChatMessage } from "./types";

/**
 * The visible thread. Follows the bottom while a reply streams unless the person scrolled up; loads earlier
 * messages when the top comes into view, keeping what is on screen in place.
 */
export function MessageList({
  messages,
  hasMore,
  onLoadEarlier,
  status,
  labels,
  actions,
}: {
  messages: ChatMessage[];
  hasMore: boolean;
  onLoadEarlier: () => Promise<void>;
  status: ChatStatus;
  labels: Map<string, string>;
  actions: MessageActions;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const topSentinel = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);
  const anchor = useRef<{ height: number; top: number } | null>(null);
  const [loadingEarlier, setLoadingEarlier] = useState(false);
  const [awayFromBottom, setAwayFromBottom] = useState(false);
  const busy = status === "submitted" || status === "streaming";
  const last = messages.at(-1);

  const loadEarlier = useCallback(async () => {
    const el = scroller.current;
    if (!el || loadingEarlier || !hasMore) return;
    setLoadingEarlier(true);
    anchor.current = { height: el.scrollHeight, top: el.scrollTop };
    try {
      await onLoadEarlier();
    } finally {
      setLoadingEarlier(false);
    }
  }, [hasMore, loadingEarlier, onLoadEarlier]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs after every change of the list.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (anchor.current) {
      el.scrollTop = anchor.current.top + (el.scrollHeight - anchor.current.height);
      anchor.current = null;
    } else if (stickToBottom.current) {
      el.scrollTop = el.scrollHeight;
    }
  }, [messages]);

  // Stay at the bottom when the viewport changes size, e.g. when a phone's keyboard opens.
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver(() => {
      if (stickToBottom.current) el.scrollTop = el.scrollHeight;
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const sentinel = topSentinel.current;
    const root = scroller.current;
    if (!sentinel || !root || !hasMore) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting) && root.scrollHeight > root.clientHeight) void loadEarlier();
      },
      { root, rootMargin: "200px 0px 0px 0px" },
    );
    observer.observe(sentinel);
    return () => observer.disconnect();
  }, [hasMore, loadEarlier]);

  return (
    <div className="relative flex min-h-0 flex-1 flex-col">
      <div
        ref={scroller}
        onScroll={(event) => {
          const el = event.currentTarget;
          stickToBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
          setAwayFromBottom(!stickToBottom.current);
        }}
        className="min-h-0 flex-1 overflow-y-auto"
      >
        <div className="mx-auto flex w-full max-w-3xl flex-col gap-6 px-4 pt-6 pb-8 sm:px-6">
          <div ref={topSentinel} />
          {hasMore ? (
            <button
              type="button"
              onClick={() => void loadEarlier()}
              disabled={loadingEarlier}
              className="mx-auto rounded-full border border-zinc-200 px-3 py-1 text-xs font-medium text-zinc-600 hover:bg-zinc-100 disabled:opacity-60 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800"
            >
              {loadingEarlier ? "Loading…" : "Load earlier messages"}
            </button>
          ) : null}
          {messages.map((message) => (
            <Message
              key={message.id}
              message={message}
              isLast={message === last}
              streaming={busy && message === last && message.role === "assistant"}
              busy={busy}
              modelLabel={message.metadata?.modelId ? (labels.get(message.metadata.modelId) ?? null) : null}
              actions={actions}
            />
          ))}
          {status === "submitted" && last?.role === "user" ? (
            <div data-status="pending" className="flex flex-col gap-1">
              <span role="status" aria-label="Waiting for the reply" className="inline-flex gap-1 py-2">
                {[0, 150, 300].map((delay) => (
                  <span
                    key={delay}
                    className="size-1.5 animate-bounce rounded-full bg-zinc-400"
                    style={{ animationDelay: `${delay}ms` }}
                  />
                ))}
              </span>
            </div>
          ) : null}
        </div>
      </div>
      {awayFromBottom ? (
        <button
          type="button"
          onClick={() => {
            const el = scroller.current;
            if (el) el.scrollTo({ top: el.scrollHeight, behavior: "smooth" });
          }}
          aria-label="Scroll to latest"
          title="Scroll to latest"
          className="absolute bottom-3 left-1/2 grid size-9 -translate-x-1/2 place-items-center rounded-full border border-zinc-200 bg-white text-zinc-600 shadow-md hover:text-zinc-900 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-300 dark:hover:text-white"
        >
          <ArrowDownIcon />
        </button>
      ) : null}
    </div>
  );
}
