"use client";

import { useEffect, useRef, useState } from "react";
import { DIALOG_PRIMARY_BUTTON, DialogFooter, ModalDialog } from "@/components/ui/modal-dialog";
import { MAX_SYSTEM_PROMPT_CHARS as MAX_SYSTEM_PROMPT } from "@/lib/limits";
import { SparkIcon } from "./icons";

/** Edits the conversation's own instructions for the model. */
export function SystemPromptButton({
  value,
  onSave,
}: {
  value: string;
  onSave: (value: string) => Promise<string | null>;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [draft, setDraft] = useState(value);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => setDraft(value), [value]);

  return (
    <>
      <button
        type="button"
        onClick={() => {
          setDraft(value);
          setError(null);
          dialog.current?.showModal();
        }}
        title="System prompt"
        className={`inline-flex items-center gap-1.5 rounded-full px-3 py-1.5 text-sm font-medium hover:bg-zinc-100 dark:hover:bg-zinc-800 ${
          value ? "text-blue-600 dark:text-blue-400" : "text-zinc-600 dark:text-zinc-300"
        }`}
      >
        <SparkIcon />
        <span className="max-sm:sr-only">System prompt</span>
      </button>
      <ModalDialog dialogRef={dialog} labelledBy="system-prompt-title" wide>
        <form
          method="dialog"
          className="flex flex-col gap-3 p-5"
          onSubmit={async (event) => {
            event.preventDefault();
            setSaving(true);
            const failure = await onSave(draft);
            setSaving(false);
            if (failure) setError(failure);
            else dialog.current?.close();
          }}
        >
          <h2 id="system-prompt-title" className="text-base font-semibold">
            System prompt
          </h2>
          <p className="text-sm text-zinc-500 dark:text-zinc-400">
            Instructions the model follows in this conversation only, e.g. “Answer briefly, in French.”
          </p>
          <label className="sr-only" htmlFor="system-prompt">
            System prompt
          </label>
          <textarea
            id="system-prompt"
            value={draft}
            maxLength={MAX_SYSTEM_PROMPT}
            rows={8}
            onChange={(event) => setDraft(event.target.value)}
            className="w-full resize-y rounded-xl border border-zinc-300 bg-white px-3 py-2 text-sm leading-6 outline-none focus:border-blue-500 focus:ring-2 focus:ring-blue-500/20 dark:border-zinc-700 dark:bg-zinc-950"
          />
          <DialogFooter error={error} onClose={() => dialog.current?.close()}>
            <button type="submit" disabled={saving} className={DIALOG_PRIMARY_BUTTON}>
              {saving ? "Saving…" : "Save"}
            </button>
          </DialogFooter>
        </form>
      </ModalDialog>
    </>
  );
}
