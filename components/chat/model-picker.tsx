"use client";

import { useMemo, useState } from "react";
import { ChevronDownIcon } from "./icons";
import type { ModelOption } from "./types";

// From this many models on, a filter field narrows the list as you type.
const FILTER_FROM = 9;

/** What the picker shows for a model: its connection's name too, once models come from more than one. */
export function modelOptionText(model: ModelOption, showConnection: boolean): string {
  return showConnection && model.connection ? `${model.label} · ${model.connection}` : model.label;
}

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
  const [filter, setFilter] = useState("");
  const showConnection = useMemo(
    () => new Set(models.filter((m) => !m.offline).map((m) => m.connection)).size > 1,
    [models],
  );
  const shown = useMemo(() => {
    const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
    if (!words.length) return models;
    return models.filter((m) => {
      if (m.id === value) return true;
      const text = `${m.label} ${m.id} ${m.connection ?? ""}`.toLowerCase();
      return words.every((w) => text.includes(w));
    });
  }, [models, filter, value]);
  return (
    <div className="flex min-w-0 items-center gap-1">
      {models.length >= FILTER_FROM ? (
        <input
          type="search"
          aria-label="Filter models"
          placeholder="Filter…"
          value={filter}
          disabled={disabled}
          onChange={(event) => {
            setFilter(event.target.value);
            const words = event.target.value.toLowerCase().split(/\s+/).filter(Boolean);
            // The first match is chosen, so typing then sending needs no second step.
            const first = models.find((m) =>
              words.every((w) => `${m.label} ${m.id} ${m.connection ?? ""}`.toLowerCase().includes(w)),
            );
            if (words.length && first && first.id !== value) onChange(first.id);
          }}
          className="w-20 min-w-0 rounded-full border border-zinc-300 bg-transparent px-3 py-1 text-sm focus-visible:border-blue-500 focus-visible:outline-none sm:w-28 dark:border-zinc-700"
        />
      ) : null}
      <label className="relative inline-flex min-w-0 items-center">
        <span className="sr-only">Model</span>
        <select
          aria-label="Model"
          value={value}
          disabled={disabled}
          onChange={(event) => onChange(event.target.value)}
          className="min-w-0 max-w-44 sm:max-w-80 appearance-none truncate rounded-full border border-transparent bg-transparent py-1.5 pr-7 pl-3 text-sm font-medium text-zinc-600 hover:bg-zinc-100 focus-visible:border-blue-500 focus-visible:outline-none disabled:opacity-50 dark:text-zinc-300 dark:hover:bg-zinc-800"
        >
          {shown.map((model) => (
            <option key={model.id} value={model.id}>
              {modelOptionText(model, showConnection)}
            </option>
          ))}
        </select>
        <span className="pointer-events-none absolute right-2 text-zinc-500 dark:text-zinc-400">
          <ChevronDownIcon />
        </span>
      </label>
    </div>
  );
}
