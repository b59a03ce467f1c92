"use client";

import { type ReactNode, useState } from "react";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import { type DirectMessageData, directApi } from "./api";
import { DirectComposer } from "./composer";
import { useDirectEvents } from "./use-direct-events";

/** Short enough to sit on one line beside Reply and Delete on a phone: the time today, the day before that. */
function timeText(iso: string): string {
  const date = new Date(iso);
  const now = new Date();
  if (date.toDateString() === now.toDateString()) return date.toLocaleTimeString("en", { timeStyle: "short" });
  const sameYear = date.getFullYear() === now.getFullYear();
  return date.toLocaleString("en", {
    month: "short",
    day: "numeric",
    ...(sameYear ? { hour: "numeric", minute: "2-digit" } : { year: "numeric" }),
  });
}
const fullTime = (iso: string) => new Date(iso).toLocaleString("en", { dateStyle: "full", timeStyle: "short" });

/**
 * One conversation with a person, kept live: their new messages appear (and are marked read while the thread
 * is open), your messages show when they were read, and deletions disappear on both sides.
 */
export function DirectThread({
  me,
  other,
  initialMessages,
  initiallyBlocked,
  eventsAfter,
  heading,
  children,
}: {
  eventsAfter: number;
  /** The page's title, with Block beside it. */
  heading: ReactNode;
  /** Between the title and the messages (a link to earlier messages). */
  children?: ReactNode;
  me: string;
  other: string;
  initialMessages: DirectMessageData[];
  initiallyBlocked: boolean;
}) {
  const [messages, setMessages] = useState(initialMessages);
  const [replyTo, setReplyTo] = useState<DirectMessageData | null>(null);
  const [blocked, setBlocked] = useState(initiallyBlocked);
  const [error, setError] = useState<string>();
  const inThread = (m: DirectMessageData) => (m.from === other && m.to === me) || (m.from === me && m.to === other);

  function add(message: DirectMessageData) {
    setMessages((current) => (current.some((m) => m.id === message.id) ? current : [...current, message]));
  }

  useDirectEvents(
    {
      message: ({ message }) => {
        if (!inThread(message)) return;
        add(message);
        if (message.from === other && document.visibilityState === "visible") {
          void directApi("/read", { method: "POST", body: { with: other } }).catch(() => undefined);
        }
      },
      read: ({ by, ids, read_at }) => {
        if (by !== other) return;
        setMessages((current) => current.map((m) => (ids.includes(m.id) ? { ...m, read_at } : m)));
      },
      deleted: ({ id }) => setMessages((current) => current.filter((m) => m.id !== id)),
    },
    eventsAfter,
  );

  async function remove(id: string) {
    setError(undefined);
    try {
      await directApi(`/${id}`, { method: "DELETE" });
      setMessages((current) => current.filter((m) => m.id !== id));
    } catch (e) {
      setError((e as Error).message);
    }
  }

  async function toggleBlock() {
    setError(undefined);
    try {
      if (blocked) await directApi(`/blocks/${encodeURIComponent(other)}`, { method: "DELETE" });
      else await directApi("/blocks", { method: "POST", body: { username: other } });
      setBlocked(!blocked);
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <div className="flex flex-col gap-4">
      <div className="flex items-start justify-between gap-3">
        {heading}
        <Button
          variant="secondary"
          aria-label={blocked ? `Unblock ${other}` : `Block ${other}`}
          className="mt-6 shrink-0 px-2.5 py-1.5"
          onClick={toggleBlock}
        >
          {blocked ? "Unblock" : "Block"}
        </Button>
      </div>
      {children}
      <FormAlert message={error} />
      {messages.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">No messages yet. Say hello.</p>
      ) : null}
      <ol aria-label={`Messages with ${other}`} className="flex flex-col gap-3">
        {messages.map((m) => (
          <Message
            key={m.id}
            message={m}
            mine={m.from === me}
            onReply={() => setReplyTo(m)}
            onDelete={() => remove(m.id)}
          />
        ))}
      </ol>
      {blocked ? (
        <p role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
          You blocked {other}: they cannot write to you, and you cannot write to them until you unblock them.
        </p>
      ) : (
        <DirectComposer
          label={replyTo ? `Reply to ${replyTo.from === me ? "your message" : other}` : `Message ${other}`}
          sendLabel="Send"
          above={
            replyTo ? (
              <div className="flex items-start gap-2 rounded-md border-l-4 border-zinc-400 bg-zinc-50 px-3 py-2 text-sm dark:bg-zinc-900">
                <span className="min-w-0 flex-1 truncate">
                  Replying to <strong>{replyTo.from}</strong>: {replyTo.content}
                </span>
                <button type="button" className="text-xs underline" onClick={() => setReplyTo(null)}>
                  Cancel reply
                </button>
              </div>
            ) : null
          }
          onSend={async (content) => {
            const sent = await directApi<DirectMessageData>("", {
              method: "POST",
              body: { to: other, content, parent_id: replyTo?.id ?? null },
            });
            add(sent);
            setReplyTo(null);
          }}
        />
      )}
    </div>
  );
}

function Message({
  message: m,
  mine,
  onReply,
  onDelete,
}: {
  message: DirectMessageData;
  mine: boolean;
  onReply: () => void;
  onDelete: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  return (
    <li className={`group flex max-w-[85%] flex-col gap-1 ${mine ? "self-end items-end" : "self-start items-start"}`}>
      <div
        className={`whitespace-pre-wrap break-words rounded-2xl px-4 py-2 text-sm ${
          mine ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900" : "bg-zinc-100 dark:bg-zinc-800"
        }`}
      >
        <span className="sr-only">{mine ? "You" : m.from}: </span>
        {m.parent ? (
          <blockquote
            aria-label={`Replying to ${m.parent.from}`}
            className="mb-1 border-l-2 border-current/40 pl-2 text-xs opacity-75"
          >
            <span className="font-semibold">{m.parent.from}</span>: {m.parent.content}
          </blockquote>
        ) : null}
        {m.content}
      </div>
      <div className="flex flex-wrap items-center gap-x-2 gap-y-0.5 text-[11px] whitespace-nowrap text-zinc-600 dark:text-zinc-400">
        {/* The server's clock and time zone are not the reader's: the browser's text wins without a warning. */}
        <time dateTime={m.created_at} title={fullTime(m.created_at)} suppressHydrationWarning>
          {timeText(m.created_at)}
        </time>
        {mine ? <span suppressHydrationWarning>{m.read_at ? `Read ${timeText(m.read_at)}` : "Sent"}</span> : null}
        <button
          type="button"
          className="underline"
          onClick={onReply}
          aria-label={`Reply to “${m.content.slice(0, 40)}”`}
        >
          Reply
        </button>
        {mine ? (
          confirming ? (
            <>
              <button type="button" className="font-semibold text-red-600 underline" onClick={onDelete}>
                Delete for both
              </button>
              <button type="button" className="underline" onClick={() => setConfirming(false)}>
                Keep
              </button>
            </>
          ) : (
            <button
              type="button"
              className="underline"
              onClick={() => setConfirming(true)}
              aria-label={`Delete “${m.content.slice(0, 40)}”`}
            >
              Delete
            </button>
          )
        ) : null}
      </div>
    </li>
  );
}
