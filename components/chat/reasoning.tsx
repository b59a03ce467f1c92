"use client";

import { thoughtMs } from "@/lib/ai/reasoning";

function thoughtFor(ms: number | null): string {
  if (ms === null) return "Thought";
  const seconds = Math.round(ms / 1000);
  if (seconds < 1) return "Thought for a moment";
  if (seconds < 90) return `Thought for ${seconds} s`;
  return `Thought for ${Math.round(seconds / 60)} min`;
}

/** A model's reasoning: "Thinking…" while it streams, then "Thought for N s", closed until opened. */
export function Reasoning({
  text,
  streaming,
  providerMetadata,
}: {
  text: string;
  streaming: boolean;
  providerMetadata?: unknown;
}) {
  return (
    <details className="group/reasoning my-2 text-sm" data-testid="reasoning">
      <summary className="inline-flex cursor-pointer list-none items-center gap-1.5 rounded-md py-0.5 text-zinc-600 select-none hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100 [&::-webkit-details-marker]:hidden">
        <svg
          aria-hidden="true"
          viewBox="0 0 16 16"
          className="h-3.5 w-3.5 transition-transform group-open/reasoning:rotate-90"
          fill="currentColor"
        >
          <path d="M6 4l4 4-4 4z" />
        </svg>
        {streaming ? (
          <span className="animate-pulse">Thinking…</span>
        ) : (
          <span>{thoughtFor(thoughtMs(providerMetadata))}</span>
        )}
      </summary>
      <div className="mt-1 border-l-2 border-zinc-200 pl-3 whitespace-pre-wrap text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
        {text.trim()}
      </div>
    </details>
  );
}
