"use client";

import { memo, useEffect, useId, useRef, useState } from "react";
import { CONTEXT_TRIMMED_PART } from "@/lib/chat/context-window";
import { MessageAttachments } from "./attachments";
import { BranchSwitcher } from "./branch-switcher";
import { Citations } from "./citations";
import { CopyButton } from "./copy-button";
import { FeedbackButtons } from "./feedback-buttons";
import { PencilIcon, RefreshIcon } from "./icons";
import { Markdown } from "./lazy-markdown";
import { Reasoning } from "./reasoning";
import { ToolCard } from "./tool-card";
import { type ChatMessage, messageText } from "./types";

export interface MessageActions {
  edit: (message: ChatMessage, text: string) => void;
  regenerate: (message: ChatMessage) => void;
  /** Sends a message that did not reach the server again, with the same id. */
  retrySend: (message: ChatMessage) => void;
  switchVersion: (message: ChatMessage, index: number) => void;
  /** Allow or Deny a tool call that waits for the person ("Ask before running"). */
  answerTool: (message: ChatMessage, approvalId: string, approved: boolean) => Promise<void>;
}

/**
 * One message. Memoised on its props: while a reply streams only the streaming message gets a new object,
 * so the rest of the list does not re-render.
 */
export const Message = memo(function Message({
  message,
  isLast,
  streaming,
  busy,
  modelLabel,
  actions,
}: {
  message: ChatMessage;
  isLast: boolean;
  /** This message is the reply being streamed right now. */
  streaming: boolean;
  /** Some reply is streaming: actions that start another one are disabled. */
  busy: boolean;
  /** Shown above the reply; null when the reply before it came from the same model. */
  modelLabel: string | null;
  /** Omitted when read-only (a shared snapshot): then only Copy is offered. */
  actions?: MessageActions;
}) {
  const [editing, setEditing] = useState(false);
  const meta = message.metadata ?? {};
  const siblings = meta.siblingIds ?? [message.id];
  const switcher =
    actions && siblings.length > 1 ? (
      <BranchSwitcher
        index={Math.max(0, meta.siblingIndex ?? siblings.indexOf(message.id))}
        count={siblings.length}
        disabled={busy}
        onSwitch={(index) => actions.switchVersion(message, index)}
      />
    ) : null;

  if (message.role === "user") {
    return (
      <article
        data-role="user"
        data-message-id={message.id}
        data-status={meta.unsent ? "unsent" : "sent"}
        className="group/msg flex flex-col items-end gap-1"
      >
        {editing ? (
          <EditForm
            initial={messageText(message)}
            onCancel={() => setEditing(false)}
            onSave={(text) => {
              setEditing(false);
              actions?.edit(message, text);
            }}
          />
        ) : (
          <>
            <MessageAttachments message={message} linked={Boolean(actions)} />
            {messageText(message) ? <UserText text={messageText(message)} /> : null}
          </>
        )}
        {meta.unsent && !editing ? (
          <p
            role="alert"
            className="inline-flex max-w-[85%] items-center gap-2 rounded-md bg-red-50 px-2 py-1 text-sm text-red-700 dark:bg-red-950/60 dark:text-red-300"
          >
            <span>
              <strong className="font-semibold">Not sent.</strong> {meta.unsent}
            </span>
            <IconButton label="Retry" disabled={busy} onClick={() => actions?.retrySend(message)} showLabel>
              <RefreshIcon />
            </IconButton>
          </p>
        ) : null}
        {editing || meta.unsent ? null : (
          <div className="flex items-center gap-1 opacity-100 transition-opacity md:opacity-0 md:group-focus-within/msg:opacity-100 md:group-hover/msg:opacity-100">
            {switcher}
            <CopyButton getText={() => messageText(message)} label="Copy message" showText={false} />
            {actions ? (
              <IconButton label="Edit" disabled={busy} onClick={() => setEditing(true)}>
                <PencilIcon />
              </IconButton>
            ) : null}
          </div>
        )}
      </article>
    );
  }

  const status = streaming ? "streaming" : meta.status;
  const failed = status === "error";
  const stopped = status === "aborted";
  const text = messageText(message);
  const label = modelLabel;

  return (
    <article
      data-role="assistant"
      data-message-id={message.id}
      data-status={status ?? "complete"}
      aria-busy={streaming}
      className="group/msg flex flex-col gap-1"
    >
      {label ? (
        <p className="text-xs font-medium text-zinc-500 dark:text-zinc-400" data-testid="model-label">
          {label}
        </p>
      ) : null}
      <div className="min-w-0 leading-7" data-testid="message-text">
        {message.parts.map((part, index) => {
          const key = `${message.id}-${index}`;
          if (part.type === "text") return <Markdown key={key} text={part.text} streaming={streaming} />;
          if (part.type.startsWith("tool-") || part.type === "dynamic-tool") {
            const toolPart = part as Parameters<typeof ToolCard>[0]["part"];
            const approvalId = toolPart.state === "approval-requested" ? toolPart.approval?.id : undefined;
            return (
              <ToolCard
                key={key}
                part={toolPart}
                onAnswer={
                  actions && approvalId && !busy
                    ? (approved) => actions.answerTool(message, approvalId, approved)
                    : undefined
                }
              />
            );
          }
          if (part.type === CONTEXT_TRIMMED_PART) {
            return (
              <p key={key} role="note" className="my-1 text-xs text-zinc-600 dark:text-zinc-400">
                {contextNoteText(part)}
              </p>
            );
          }
          if (part.type === "reasoning" && "text" in part && part.text) {
            return (
              <Reasoning
                key={key}
                text={String(part.text)}
                streaming={streaming && "state" in part && part.state === "streaming"}
                providerMetadata={"providerMetadata" in part ? part.providerMetadata : undefined}
              />
            );
          }
          return null;
        })}
        {streaming && !text && !message.parts.some((p) => p.type === "reasoning") ? <TypingDots /> : null}
        {streaming && text ? (
          <span aria-hidden="true" className="ml-0.5 inline-block h-4 w-1.5 animate-pulse bg-zinc-400 align-middle" />
        ) : null}
      </div>
      <Citations parts={message.parts} />
      {failed || stopped ? (
        <p
          className={`mt-1 inline-flex w-fit items-center gap-2 rounded-md px-2 py-1 text-sm ${
            failed
              ? "bg-red-50 text-red-700 dark:bg-red-950/60 dark:text-red-300"
              : "bg-amber-50 text-amber-800 dark:bg-amber-950/50 dark:text-amber-300"
          }`}
        >
          {failed ? `Error: ${meta.error ?? "the model did not answer."}` : "Stopped"}
        </p>
      ) : null}
      {streaming ? null : (
        <div className="flex flex-wrap items-center gap-1">
          {switcher}
          {text ? <CopyButton getText={() => text} label="Copy message" showText={false} /> : null}
          {!actions ? null : failed || stopped ? (
            <IconButton label="Retry" disabled={busy} onClick={() => actions.regenerate(message)} showLabel>
              <RefreshIcon />
            </IconButton>
          ) : isLast ? (
            <IconButton label="Regenerate" disabled={busy} onClick={() => actions.regenerate(message)}>
              <RefreshIcon />
            </IconButton>
          ) : null}
          {actions && text && !failed ? (
            <FeedbackButtons messageId={message.id} initial={meta.feedback ?? null} />
          ) : null}
        </div>
      )}
    </article>
  );
});

function IconButton({
  label,
  onClick,
  disabled,
  showLabel,
  children,
}: {
  label: string;
  onClick: () => void;
  disabled?: boolean;
  showLabel?: boolean;
  children: React.ReactNode;
}) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      disabled={disabled}
      onClick={onClick}
      className="inline-flex items-center gap-1 rounded-md px-2 py-1 text-xs font-medium text-zinc-500 transition-colors hover:bg-zinc-200/70 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-blue-500 disabled:opacity-40 dark:text-zinc-400 dark:hover:bg-zinc-700/60 dark:hover:text-zinc-100"
    >
      {children}
      {showLabel ? label : null}
    </button>
  );
}

// Above this a message starts collapsed: a 20,000-character paste should not bury the conversation.
const COLLAPSE_CHARACTERS = 2_000;
const COLLAPSE_LINES = 24;

function UserText({ text }: { text: string }) {
  const long = text.length > COLLAPSE_CHARACTERS || text.split("\n").length > COLLAPSE_LINES;
  const [expanded, setExpanded] = useState(false);
  const id = useId();
  const collapsed = long && !expanded;
  return (
    <div className="flex max-w-[85%] flex-col items-end gap-1">
      <div
        id={id}
        className={`relative rounded-2xl rounded-br-md bg-zinc-100 px-4 py-2.5 leading-7 whitespace-pre-wrap break-words dark:bg-zinc-800 ${
          collapsed ? "max-h-72 overflow-hidden" : ""
        }`}
      >
        {text}
        {collapsed ? (
          <span
            aria-hidden="true"
            className="absolute inset-x-0 bottom-0 h-16 bg-gradient-to-t from-zinc-100 to-transparent dark:from-zinc-800"
          />
        ) : null}
      </div>
      {long ? (
        <button
          type="button"
          aria-expanded={expanded}
          aria-controls={id}
          onClick={() => setExpanded((v) => !v)}
          className="rounded-md px-2 py-1 text-xs font-medium text-zinc-600 hover:bg-zinc-200/70 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-blue-500 dark:text-zinc-300 dark:hover:bg-zinc-700/60 dark:hover:text-zinc-100"
        >
          {expanded ? "Show less" : `Show more (${text.length.toLocaleString("en")} characters)`}
        </button>
      ) : null}
    </div>
  );
}

function TypingDots() {
  return (
    <span aria-hidden="true" className="inline-flex gap-1 py-2">
      {[0, 150, 300].map((delay) => (
        <span
          key={delay}
          className="size-1.5 animate-bounce rounded-full bg-zinc-500 dark:bg-zinc-400"
          style={{ animationDelay: `${delay}ms` }}
        />
      ))}
    </span>
  );
}

function EditForm({
  initial,
  onSave,
  onCancel,
}: {
  initial: string;
  onSave: (text: string) => void;
  onCancel: () => void;
}) {
  const [text, setText] = useState(initial);
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, []);
  return (
    <form
      className="w-full max-w-[85%] rounded-2xl border border-zinc-300 bg-white p-2 shadow-sm dark:border-zinc-700 dark:bg-zinc-900"
      onSubmit={(event) => {
        event.preventDefault();
        if (text.trim()) onSave(text);
      }}
    >
      <textarea
        ref={ref}
        aria-label="Edit message"
        value={text}
        rows={Math.min(10, Math.max(2, text.split("\n").length))}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Escape") onCancel();
          if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
            event.preventDefault();
            if (text.trim()) onSave(text);
          }
        }}
        className="w-full resize-none bg-transparent px-2 py-1 leading-7 outline-none"
      />
      <div className="flex justify-end gap-2">
        <button
          type="button"
          onClick={onCancel}
          className="rounded-lg px-3 py-1.5 text-sm font-medium hover:bg-zinc-100 dark:hover:bg-zinc-800"
        >
          Cancel
        </button>
        <button
          type="submit"
          disabled={!text.trim()}
          className="rounded-lg bg-zinc-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-zinc-700 disabled:opacity-40 dark:bg-zinc-100 dark:text-zinc-900"
        >
          Save
        </button>
      </div>
    </form>
  );
}

/** What the person is told, once, when older messages no longer fit the model's window. */
function contextNoteText(part: { data?: unknown }): string {
  const summarised = (part.data as { summarised?: unknown } | null | undefined)?.summarised;
  return typeof summarised === "number" && summarised > 0
    ? "Older messages were summarised for the model: the conversation no longer fits in its context window."
    : "Older messages were left out: the conversation no longer fits in this model's context window.";
}
