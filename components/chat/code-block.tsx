"use client";

import { type ReactNode, useRef } from "react";
import { CopyButton } from "./copy-button";

/** A fenced code block: language label, a Copy button, horizontally scrollable highlighted code. */
export function CodeBlock({ language, children }: { language?: string; children: ReactNode }) {
  const ref = useRef<HTMLPreElement>(null);
  return (
    <div className="group/code my-3 overflow-hidden rounded-lg border border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900">
      <div className="flex items-center justify-between border-b border-zinc-200 py-1 pr-1 pl-3 text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
        <span className="font-mono">{language ?? "text"}</span>
        <CopyButton getText={() => ref.current?.textContent ?? ""} />
      </div>
      {/* Focusable so a keyboard can scroll long lines sideways. */}
      <pre
        ref={ref}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard.
        tabIndex={0}
        className="overflow-x-auto p-3 font-mono text-[13px] leading-relaxed focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-blue-500"
      >
        {children}
      </pre>
    </div>
  );
}
