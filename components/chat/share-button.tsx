"use client";

import Link from "next/link";
import { useRef, useState } from "react";
import { DIALOG_PRIMARY_BUTTON, DialogFooter, ModalDialog } from "@/components/ui/modal-dialog";
import { apiRequest } from "./api-request";
import { CopyButton } from "./copy-button";
import { ShareIcon } from "./icons";

/** Creates a read-only link to the conversation as it is on screen (up to `leafId`). */
export function ShareButton({
  conversationId,
  leafId,
  disabled,
}: {
  conversationId: string;
  /** The last message on screen; null while there is nothing saved to share. */
  leafId: string | null;
  disabled?: boolean;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  async function create() {
    setCreating(true);
    setError(null);
    try {
      const share = await apiRequest<{ url: string }>("POST", `/conversations/${conversationId}/shares`, {
        message_id: leafId,
      });
      setUrl(share.url);
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setCreating(false);
    }
  }

  return (
    <>
      <button
        type="button"
        disabled={disabled || !leafId}
        onClick={() => {
          setUrl(null);
          setError(null);
          dialog.current?.showModal();
        }}
        title="Share"
        className="inline-flex items-center gap-1.5 rounded-full px-3 py-1.5 text-sm font-medium text-zinc-600 hover:bg-zinc-100 disabled:opacity-40 dark:text-zinc-300 dark:hover:bg-zinc-800"
      >
        <ShareIcon />
        <span className="max-sm:sr-only">Share</span>
      </button>
      <ModalDialog dialogRef={dialog} labelledBy="share-title">
        <div className="flex flex-col gap-3 p-5">
          <h2 id="share-title" className="text-base font-semibold">
            Share this conversation
          </h2>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            Anyone with the link can read the conversation up to the last message on your screen, without an account.
            Messages you add later are not shared. You can delete the link in{" "}
            <Link href="/settings/shared-links" className="underline">
              Settings → Shared links
            </Link>
            .
          </p>
          {url ? (
            <div className="flex items-center gap-2">
              <label htmlFor="share-url" className="sr-only">
                Share link
              </label>
              <input
                id="share-url"
                readOnly
                value={url}
                onFocus={(event) => event.currentTarget.select()}
                className="min-w-0 flex-1 rounded-lg border border-zinc-300 bg-zinc-50 px-3 py-2 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-950"
              />
              <CopyButton getText={() => url} label="Copy link" />
            </div>
          ) : null}
          <DialogFooter error={error} onClose={() => dialog.current?.close()} closeLabel={url ? "Done" : "Cancel"}>
            {url ? null : (
              <button type="button" onClick={create} disabled={creating} className={DIALOG_PRIMARY_BUTTON}>
                {creating ? "Creating…" : "Create link"}
              </button>
            )}
          </DialogFooter>
        </div>
      </ModalDialog>
    </>
  );
}
