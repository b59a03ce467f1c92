"use client";

import { REASONING_EFFORTS, type ReasoningEffort } from "@/lib/ai/reasoning-effort";
import { ChevronDownIcon } from "./icons";
import { chooseReasoningEffort, useReasoningEffort } from "./reasoning-effort";

const LABELS: Record<ReasoningEffort, string> = { low: "Low", medium: "Medium", high: "High" };

/** A gauge: how hard the model thinks (kept here, beside its only use). */
function EffortIcon() {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 20 20"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
      strokeLinecap="round"
      className="size-4 shrink-0"
    >
      <path d="M3.5 14.5a7 7 0 1 1 13 0" />
      <path d="m10 11.5 3-4" />
    </svg>
  );
}

/** How hard the chosen model thinks: shown only for models an admin marked as taking an effort. */
export function ReasoningEffortPicker({ disabled }: { disabled?: boolean }) {
  const effort = useReasoningEffort();
  return (
    <label className="relative inline-flex shrink-0 items-center text-zinc-600 dark:text-zinc-300">
      <span className="pointer-events-none absolute left-2 sm:left-2.5">
        <EffortIcon />
      </span>
      <select
        aria-label="Reasoning effort"
        title="Reasoning effort"
        value={effort}
        disabled={disabled}
        onChange={(event) => chooseReasoningEffort(event.target.value as ReasoningEffort)}
        className="appearance-none rounded-full border border-transparent bg-transparent py-1.5 pr-2 pl-7 text-sm font-medium hover:bg-zinc-100 sm:pr-7 sm:pl-8 focus-visible:border-blue-500 focus-visible:outline-none disabled:opacity-50 dark:hover:bg-zinc-800"
      >
        {REASONING_EFFORTS.map((value) => (
          <option key={value} value={value}>
            {LABELS[value]}
          </option>
        ))}
      </select>
      <span className="pointer-events-none absolute right-2 hidden text-zinc-500 sm:inline dark:text-zinc-400">
        <ChevronDownIcon />
      </span>
    </label>
  );
}
