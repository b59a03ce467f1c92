"use client";

import { CopyButton } from "@/components/chat/copy-button";

/** A block of code or shell commands with a Copy button; `label` names it for screen readers and tests. */
export function CodeBlock({ code, label, copyable = true }: { code: string; label: string; copyable?: boolean }) {
  return (
    <figure aria-label={label} className="relative mt-2 min-w-0">
      {/* Focusable so a keyboard can scroll a long line sideways. */}
      <pre
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard.
        tabIndex={0}
        className="overflow-x-auto rounded-lg bg-zinc-950 px-3 pt-9 pb-3 text-[13px] leading-relaxed text-zinc-100 ring-1 ring-zinc-800 dark:bg-black"
      >
        <code>{code}</code>
      </pre>
      {copyable ? (
        <CopyButton
          getText={() => code}
          label={`Copy: ${label}`}
          className="absolute top-1.5 right-1.5 bg-zinc-900 text-zinc-100! hover:bg-zinc-800 hover:text-white dark:hover:bg-zinc-800"
        />
      ) : null}
    </figure>
  );
}
