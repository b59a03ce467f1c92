"use client";

import { useState } from "react";
import { copyText } from "./clipboard";

/**
 * Copies text to the clipboard and says for a moment whether that worked ("Copied" or "Copy failed").
 * `getText` runs on click so callers can read the DOM.
 */
export function CopyButton({
  getText,
  label = "Copy",
  showText = true,
  className = "",
}: {
  getText: () => string;
  label?: string;
  showText?: boolean;
  className?: string;
}) {
  const [result, setResult] = useState<"copied" | "failed" | null>(null);
  async function copy() {
    const copied = await copyText(getText());
    setResult(copied ? "copied" : "failed");
    setTimeout(() => setResult(null), copied ? 1500 : 3000);
  }
  const said = result === "copied" ? "Copied" : result === "failed" ? "Copy failed" : "";
  return (
    <button
      type="button"
      onClick={copy}
      aria-label={label}
      title={label}
      className={`inline-flex items-center gap-1 rounded-md px-2 py-1 text-xs font-medium text-zinc-500 transition-colors hover:bg-zinc-200/70 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-blue-500 dark:text-zinc-400 dark:hover:bg-zinc-700/60 dark:hover:text-zinc-100 ${className}`}
    >
      {result === "copied" ? <CheckIcon /> : <CopyIcon />}
      {showText || said ? <span>{said || "Copy"}</span> : null}
      <span role="status" className="sr-only">
        {said}
      </span>
    </button>
  );
}

function CopyIcon() {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 16 16"
      className="size-3.5"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
    >
      <rect x="5" y="5" width="8.5" height="8.5" rx="1.5" />
      <path d="M10.5 5V3.5A1.5 1.5 0 0 0 9 2H3.5A1.5 1.5 0 0 0 2 3.5V9a1.5 1.5 0 0 0 1.5 1.5H5" />
    </svg>
  );
}

function CheckIcon() {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 16 16"
      className="size-3.5"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
    >
      <path d="m3 8.5 3 3 7-7" />
    </svg>
  );
}
