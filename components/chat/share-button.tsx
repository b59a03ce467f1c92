"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { createPortal } from "react-dom";
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
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);

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
      {mounted
        ? createPortal(
            <dialog
              ref={dialog}
              aria-labelledby="share-title"
              className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-2xl border border-zinc-200 bg-white p-0 text-zinc-900 shadow-2xl backdrop:bg-black/40 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
            >
              <div className="flex flex-col gap-3 p-5">
                <h2 id="share-title" className="text-base font-semibold">
                  Share this conversation
                </h2>
                <p className="text-sm text-zinc-600 dark:text-zinc-400">
                  Anyone with the link can read the conversation up to the last message on your screen, without an
                  account. Messages you add later are not shared. You can delete the link in{" "}
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
                {error ? (
                  <p role="alert" className="text-sm text-red-600 dark:text-red-400">
                    {error}
                  </p>
                ) : null}
                <div className="flex justify-end gap-2">
                  <button
                    type="button"
                    onClick={() => dialog.current?.close()}
                    className="rounded-lg px-3 py-2 text-sm font-medium hover:bg-zinc-100 dark:hover:bg-zinc-800"
                  >
                    {url ? "Done" : "Cancel"}
                  </button>
                  {url ? null : (
                    <button
                      type="button"
                      onClick={create}
                      disabled={creating}
                      className="rounded-lg bg-zinc-900 px-3 py-2 text-sm font-medium text-white hover:bg-zinc-700 disabled:opacity-50 dark:bg-zinc-100 dark:text-zinc-900"
                    >
                      {creating ? "Creating…" : "Create link"}
                    </button>
                  )}
                </div>
              </div>
            </dialog>,
            document.body,
          )
        : null}
    </>
  );
}
