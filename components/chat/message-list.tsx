"use client";

import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { ArrowDownIcon } from "./icons";
import { Message, type MessageActions } from "./message";
import { isActive, type SendPhase } from "./send-machine";
import { type ChatMessage, messageText } from "./types";

const ANNOUNCED_CHARACTERS = 600;

function labelOf(message: ChatMessage, labels: Map<string, string>): string | null {
  const id = message.metadata?.modelId;
  return message.metadata?.modelLabel ?? (id ? (labels.get(id) ?? null) : null);
}

/** A reply names its model only when it differs from the reply before it, so the label appears once. */
function labelShownFor(messages: ChatMessage[], index: number, labels: Map<string, string>): string | null {
  const message = messages[index];
  if (message?.role !== "assistant") return null;
  const label = labelOf(message, labels);
  for (let i = index - 1; i >= 0; i--) {
    const earlier = messages[i];
    if (earlier?.role === "assistant") return labelOf(earlier, labels) === label ? null : label;
  }
  return label;
}

/** What the polite live region says when a reply ends, so a screen reader hears it without hunting. */
function announcementFor(message: ChatMessage | undefined): string {
  if (message?.role !== "assistant") return "";
  const text = messageText(message).trim();
  const clipped = text.length > ANNOUNCED_CHARACTERS ? `${text.slice(0, ANNOUNCED_CHARACTERS)}…` : text;
  const state = message.metadata?.status;
  if (state === "error") return `The reply failed. ${message.metadata?.error ?? ""}`.trim();
  if (state === "aborted") return clipped ? `Reply stopped: ${clipped}` : "Reply stopped.";
  return clipped ? `Reply: ${clipped}` : "The reply is complete.";
}

/**
 * The visible thread. Follows the bottom while a reply streams unless the person scrolled up; loads earlier
 * messages when the top comes into view, keeping what is on screen in place.
 */
export function MessageList({
  messages,
  hasMore,
  onLoadEarlier,
  phase,
  labels,
  actions,
}: {
  messages: ChatMessage[];
  hasMore: boolean;
  onLoadEarlier: () => Promise<void>;
  /** Where the send is (see ./send-machine). */
  phase: SendPhase;
  labels: Map<string, string>;
  actions: MessageActions;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const topSentinel = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);
  const anchor = useRef<{ height: number; top: number } | null>(null);
  const [loadingEarlier, setLoadingEarlier] = useState(false);
  const [awayFromBottom, setAwayFromBottom] = useState(false);
  const busy = isActive(phase);
  const waiting = phase === "sending" || phase === "resuming";
  const last = messages.at(-1);
  const [announcement, setAnnouncement] = useState("");
  const lastRef = useRef(last);
  lastRef.current = last;
  const previousPhase = useRef(phase);

  useEffect(() => {
    const was = previousPhase.current;
    previousPhase.current = phase;
    if (was === phase) return;
    if (phase === "sending" || phase === "resuming") setAnnouncement("Thinking…");
    else if ((phase === "settled" || phase === "stopped") && isActive(was)) {
      setAnnouncement(announcementFor(lastRef.current));
    } else if ((phase === "notSent" || phase === "failed") && isActive(was)) setAnnouncement("The reply failed.");
  }, [phase]);

  // A stopped or failed reply is re-read from the server after the stream ends: say what was kept.
  const lastStatus = last?.role === "assistant" ? last.metadata?.status : undefined;
  useEffect(() => {
    if (lastStatus === "aborted" || lastStatus === "error") setAnnouncement(announcementFor(lastRef.current));
  }, [lastStatus]);

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
      <div role="status" aria-live="polite" className="sr-only" data-testid="reply-announcer">
        {announcement}
      </div>
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
          {messages.map((message, index) => (
            <Message
              key={message.id}
              message={message}
              isLast={message === last}
              streaming={busy && message === last && message.role === "assistant"}
              busy={busy}
              modelLabel={labelShownFor(messages, index, labels)}
              actions={actions}
            />
          ))}
          {waiting && last?.role === "user" ? (
            <div data-status="pending" className="flex flex-col gap-1">
              <span aria-hidden="true" className="inline-flex gap-1 py-2">
                {[0, 150, 300].map((delay) => (
                  <span
                    key={delay}
                    className="size-1.5 animate-bounce rounded-full bg-zinc-500 dark:bg-zinc-400"
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
