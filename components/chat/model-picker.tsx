"use client";

import { ChevronDownIcon } from "./icons";
import type { ModelOption } from "./types";

/** Which model answers the next message; the choice is stored with the conversation. */
export function ModelPicker({
  models,
  value,
  onChange,
  disabled,
}: {
  models: ModelOption[];
  value: string;
  onChange: (id: string) => void;
  disabled?: boolean;
}) {
  return (
    <label className="relative inline-flex min-w-0 items-center">
      <span className="sr-only">Model</span>
      <select
        aria-label="Model"
        value={value}
        disabled={disabled}
        onChange={(event) => onChange(event.target.value)}
        className="max-w-44 sm:max-w-80 appearance-none truncate rounded-full border border-transparent bg-transparent py-1.5 pr-7 pl-3 text-sm font-medium text-zinc-600 hover:bg-zinc-100 focus-visible:border-blue-500 focus-visible:outline-none disabled:opacity-50 dark:text-zinc-300 dark:hover:bg-zinc-800"
      >
        {models.map((model) => (
          <option key={model.id} value={model.id}>
            {model.label}
          </option>
        ))}
      </select>
      <span className="pointer-events-none absolute right-2 text-zinc-500 dark:text-zinc-400">
        <ChevronDownIcon />
      </span>
    </label>
  );
}
