"use client";

import { type ReactNode, type Ref, useEffect, useImperativeHandle, useRef } from "react";
import { isSendKeystroke, useSendKey } from "@/components/preferences/send-key";
import { MAX_MESSAGE_CHARS as MAX_MESSAGE_LENGTH } from "@/lib/limits";
import { PASTE_AS_FILE_CHARS, type PendingAttachments } from "./attachment-upload";
import { AttachButton, AttachmentChips } from "./attachments";
import { ArrowUpIcon, StopIcon } from "./icons";

/** Where the skip link at the top of the chat shell lands. */
export const MESSAGE_BOX_ID = "message-box";

export interface ComposerHandle {
  focus: () => void;
}

/** The message box: Enter sends, Shift+Enter adds a line; Stop replaces Send while a reply streams. */
export function Composer({
  value,
  onChange,
  onSend,
  onStop,
  streaming,
  error,
  toolbar,
  attachments,
  notice,
  ref,
}: {
  value: string;
  onChange: (value: string) => void;
  onSend: () => void;
  onStop: () => void;
  streaming: boolean;
  error: string | null;
  toolbar?: ReactNode;
  /** Files for the next message (the paperclip, paste and chips); omitted where files cannot be sent. */
  attachments?: PendingAttachments;
  /** A warning about what will be sent (e.g. the model cannot see images). */
  notice?: ReactNode;
  ref?: Ref<ComposerHandle>;
}) {
  const textarea = useRef<HTMLTextAreaElement>(null);
  const sendKey = useSendKey();
  useImperativeHandle(ref, () => ({ focus: () => textarea.current?.focus() }), []);

  // Grows with the text up to a limit, then scrolls.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the height follows the value.
  useEffect(() => {
    const el = textarea.current;
    if (!el) return;
    el.style.height = "auto";
    el.style.height = `${Math.min(el.scrollHeight, 240)}px`;
  }, [value]);

  const tooLong = value.length > MAX_MESSAGE_LENGTH;
  const limitId = `${MESSAGE_BOX_ID}-limit`;
  const files = attachments?.parts.length ?? 0;
  const canSend =
    (value.trim().length > 0 || files > 0) && !tooLong && !streaming && !attachments?.uploading && !attachments?.failed;

  return (
    <form
      className="rounded-3xl border border-zinc-200 bg-white shadow-sm transition-shadow focus-within:border-zinc-300 focus-within:shadow-md has-[textarea:focus-visible]:outline-2 has-[textarea:focus-visible]:outline-offset-2 has-[textarea:focus-visible]:outline-blue-500 dark:border-zinc-700/80 dark:bg-zinc-900 dark:focus-within:border-zinc-600"
      onSubmit={(event) => {
        event.preventDefault();
        if (canSend) onSend();
      }}
    >
      {error ? (
        <div
          role="alert"
          className="mx-3 mt-3 rounded-xl border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900/70 dark:bg-red-950/50 dark:text-red-200"
        >
          {error}
        </div>
      ) : null}
      {attachments ? <AttachmentChips items={attachments.items} onRemove={attachments.remove} /> : null}
      {notice ? (
        <p role="status" className="mx-3 mt-2 text-sm text-amber-800 dark:text-amber-300">
          {notice}
        </p>
      ) : null}
      <textarea
        ref={textarea}
        id={MESSAGE_BOX_ID}
        aria-label="Message"
        aria-describedby={tooLong ? limitId : undefined}
        placeholder="Message Parley…"
        rows={1}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        onPaste={(event) => {
          if (!attachments) return;
          const images = Array.from(event.clipboardData.files).filter((f) => f.type.startsWith("image/"));
          if (images.length > 0) {
            event.preventDefault();
            attachments.add(images);
            return;
          }
          const text = event.clipboardData.getData("text/plain");
          if (text.length > PASTE_AS_FILE_CHARS) {
            // As in other chat apps: a long paste travels as a file, keeping the message readable.
            event.preventDefault();
            attachments.add([new File([text], "pasted-text.txt", { type: "text/plain" })]);
          }
        }}
        onKeyDown={(event) => {
          const { key, shiftKey, ctrlKey, metaKey } = event;
          if (
            isSendKeystroke({ key, shiftKey, ctrlKey, metaKey, isComposing: event.nativeEvent.isComposing }, sendKey)
          ) {
            event.preventDefault();
            if (canSend) onSend();
          }
        }}
        aria-invalid={tooLong || undefined}
        className="block max-h-60 w-full resize-none bg-transparent px-4 pt-3.5 pb-1 leading-7 outline-none placeholder:text-zinc-500 dark:placeholder:text-zinc-400"
      />
      <div className="flex items-center gap-2 px-2.5 pb-2.5">
        <div className="flex min-w-0 flex-1 items-center gap-1">
          {attachments ? <AttachButton onFiles={attachments.add} disabled={streaming} /> : null}
          {toolbar}
        </div>
        {tooLong ? (
          <span id={limitId} className="text-right text-xs text-red-700 tabular-nums dark:text-red-400">
            {describeExcess(value.length)}
          </span>
        ) : null}
        {streaming ? (
          <button
            type="button"
            onClick={() => {
              // The Stop button is about to go: keep focus in the composer rather than let it fall to the page.
              textarea.current?.focus({ preventScroll: true });
              onStop();
            }}
            aria-label="Stop"
            title="Stop"
            className="grid size-9 place-items-center rounded-full bg-zinc-900 text-white hover:bg-zinc-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-500 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300"
          >
            <StopIcon />
          </button>
        ) : (
          <button
            type="submit"
            aria-label="Send"
            title={sendKey === "enter" ? "Send (Enter)" : "Send (Ctrl/⌘+Enter)"}
            disabled={!canSend}
            className="grid size-9 place-items-center rounded-full bg-zinc-900 text-white hover:bg-zinc-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-500 disabled:bg-zinc-200 disabled:text-zinc-400 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300 dark:disabled:bg-zinc-800 dark:disabled:text-zinc-500"
          >
            <ArrowUpIcon />
          </button>
        )}
      </div>
    </form>
  );
}

/** Over the limit, says in words how much to cut, e.g. "1,204 characters too long: cut at least that much to send." */
export function describeExcess(length: number): string {
  const excess = length - MAX_MESSAGE_LENGTH;
  return `${excess.toLocaleString("en")} character${excess === 1 ? "" : "s"} too long (the limit is ${MAX_MESSAGE_LENGTH.toLocaleString("en")}): cut at least that much to send.`;
}
