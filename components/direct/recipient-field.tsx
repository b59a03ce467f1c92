"use client";

import { useEffect, useId, useState } from "react";
import { directApi } from "./api";

interface Suggestion {
  username: string;
  full_name: string | null;
}

const MIN_PREFIX = 2;

/** The "To" field: suggests people by username prefix as you type (arrow keys and Enter pick one). */
export function RecipientField({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const listId = useId();

  useEffect(() => {
    const query = value.trim();
    if (query.length < MIN_PREFIX) {
      setSuggestions([]);
      return;
    }
    let cancelled = false;
    const timer = setTimeout(async () => {
      try {
        const result = await directApi<{ data: Suggestion[] }>(`/recipients?q=${encodeURIComponent(query)}`);
        if (!cancelled) {
          setSuggestions(result.data.filter((s) => s.username !== query));
          setActive(-1);
        }
      } catch {
        if (!cancelled) setSuggestions([]);
      }
    }, 200);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [value]);

  const shown = open && suggestions.length > 0;
  function pick(s: Suggestion) {
    onChange(s.username);
    setOpen(false);
    setSuggestions([]);
  }
  return (
    <div className="relative">
      <label className="flex flex-col gap-1 text-sm font-medium">
        To (username)
        <input
          name="to"
          required
          autoComplete="off"
          role="combobox"
          aria-expanded={shown}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={shown && active >= 0 ? `${listId}-${active}` : undefined}
          value={value}
          onChange={(event) => {
            onChange(event.target.value);
            setOpen(true);
          }}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
          onKeyDown={(event) => {
            if (!shown) return;
            if (event.key === "ArrowDown") {
              event.preventDefault();
              setActive((a) => (a + 1) % suggestions.length);
            } else if (event.key === "ArrowUp") {
              event.preventDefault();
              setActive((a) => (a <= 0 ? suggestions.length - 1 : a - 1));
            } else if (event.key === "Enter" && active >= 0) {
              event.preventDefault();
              const chosen = suggestions[active];
              if (chosen) pick(chosen);
            } else if (event.key === "Escape") setOpen(false);
          }}
          className="rounded-md border border-zinc-300 bg-white px-3 py-2 font-normal dark:border-zinc-700 dark:bg-zinc-900"
        />
      </label>
      <div
        id={listId}
        role="listbox"
        aria-label="Suggested people"
        hidden={!shown}
        className="absolute z-10 mt-1 w-full overflow-hidden rounded-md border border-zinc-200 bg-white shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
      >
        {suggestions.map((s, i) => (
          <div
            key={s.username}
            tabIndex={-1}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            onMouseDown={(event) => {
              event.preventDefault();
              pick(s);
            }}
            className="cursor-pointer px-3 py-2 text-sm aria-selected:bg-zinc-100 hover:bg-zinc-100 dark:aria-selected:bg-zinc-800 dark:hover:bg-zinc-800"
          >
            <span className="font-medium">{s.username}</span>
            {s.full_name ? <span className="ml-2 text-zinc-600 dark:text-zinc-400">{s.full_name}</span> : null}
          </div>
        ))}
      </div>
    </div>
  );
}
