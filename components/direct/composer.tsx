"use client";

import { type ReactNode, useState } from "react";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import { MAX_DIRECT_MESSAGE_CHARS } from "@/lib/limits";

const MAX_LENGTH = MAX_DIRECT_MESSAGE_CHARS;

/**
 * A message box like the chat's: Enter sends, Shift+Enter starts a new line. `onSend` throws to refuse; the
 * text then stays, with the error above it.
 */
export function DirectComposer({
  label,
  sendLabel,
  onSend,
  above,
}: {
  label: string;
  sendLabel: string;
  onSend: (text: string) => Promise<void>;
  above?: ReactNode;
}) {
  const [text, setText] = useState("");
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  async function send() {
    if (!text.trim() || pending) return;
    setPending(true);
    setError(undefined);
    try {
      await onSend(text);
      setText("");
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setPending(false);
    }
  }
  return (
    <form
      className="flex flex-col gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      <FormAlert message={error} />
      {above}
      <label className="flex flex-col gap-1 text-sm font-medium">
        {label}
        <textarea
          name="content"
          required
          rows={3}
          maxLength={MAX_LENGTH}
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
              event.preventDefault();
              void send();
            }
          }}
          className="rounded-md border border-zinc-300 bg-white px-3 py-2 font-normal dark:border-zinc-700 dark:bg-zinc-900"
        />
      </label>
      <div className="flex items-center justify-between gap-2">
        <span className="text-xs text-zinc-600 dark:text-zinc-400">Enter sends · Shift+Enter for a new line</span>
        <Button type="submit" disabled={pending || !text.trim()}>
          {sendLabel}
        </Button>
      </div>
    </form>
  );
}
