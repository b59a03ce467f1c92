"use client";

import { REASONING_EFFORTS, type ReasoningEffort } from "@/lib/ai/reasoning-effort";
import { ChevronDownIcon } from "./icons";
import { chooseReasoningEffort, useReasoningEffort } from "./reasoning-effort";

const LABELS: Record<ReasoningEffort, string> = { low: "Low effort", medium: "Medium effort", high: "High effort" };

/** How hard the chosen model thinks: shown only for models an admin marked as taking an effort. */
export function ReasoningEffortPicker({ disabled }: { disabled?: boolean }) {
  const effort = useReasoningEffort();
  return (
    <label className="relative inline-flex min-w-0 shrink-0 items-center">
      <select
        aria-label="Reasoning effort"
        title="Reasoning effort"
        value={effort}
        disabled={disabled}
        onChange={(event) => chooseReasoningEffort(event.target.value as ReasoningEffort)}
        className="appearance-none rounded-full border border-transparent bg-transparent py-1.5 pr-7 pl-3 text-sm font-medium text-zinc-600 hover:bg-zinc-100 focus-visible:border-blue-500 focus-visible:outline-none disabled:opacity-50 dark:text-zinc-300 dark:hover:bg-zinc-800"
      >
        {REASONING_EFFORTS.map((value) => (
          <option key={value} value={value}>
            {LABELS[value]}
          </option>
        ))}
      </select>
      <span className="pointer-events-none absolute right-2 text-zinc-500 dark:text-zinc-400">
        <ChevronDownIcon />
      </span>
    </label>
  );
}
