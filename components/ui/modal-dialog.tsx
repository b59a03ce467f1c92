"use client";

import { type ReactNode, type RefObject, useEffect, useState } from "react";
import { createPortal } from "react-dom";

/** The filled button that confirms a dialog (Save, Create link). */
export const DIALOG_PRIMARY_BUTTON =
  "rounded-lg bg-zinc-900 px-3 py-2 text-sm font-medium text-white hover:bg-zinc-700 disabled:opacity-50 dark:bg-zinc-100 dark:text-zinc-900";

/**
 * A modal `<dialog>` opened with `dialogRef.current.showModal()`, put at the end of the body (after mount:
 * the body exists only in the browser) so no parent's overflow or stacking clips it.
 */
export function ModalDialog({
  dialogRef,
  labelledBy,
  wide = false,
  children,
}: {
  dialogRef: RefObject<HTMLDialogElement | null>;
  /** The id of the dialog's heading. */
  labelledBy: string;
  /** Room for a text area rather than a line or two. */
  wide?: boolean;
  children: ReactNode;
}) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  if (!mounted) return null;
  const width = wide ? "w-[min(36rem,calc(100vw-2rem))]" : "w-[min(32rem,calc(100vw-2rem))]";
  return createPortal(
    <dialog
      ref={dialogRef}
      aria-labelledby={labelledBy}
      className={`m-auto ${width} rounded-2xl border border-zinc-200 bg-white p-0 text-zinc-900 shadow-2xl backdrop:bg-black/40 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100`}
    >
      {children}
    </dialog>,
    document.body,
  );
}

/** A dialog's last lines: what went wrong (if anything), then its close button and its own confirm button. */
export function DialogFooter({
  error,
  onClose,
  closeLabel = "Cancel",
  children,
}: {
  error: string | null;
  onClose: () => void;
  closeLabel?: string;
  children?: ReactNode;
}) {
  return (
    <>
      {error ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : null}
      <div className="flex justify-end gap-2">
        <button
          type="button"
          onClick={onClose}
          className="rounded-lg px-3 py-2 text-sm font-medium hover:bg-zinc-100 dark:hover:bg-zinc-800"
        >
          {closeLabel}
        </button>
        {children}
      </div>
    </>
  );
}
