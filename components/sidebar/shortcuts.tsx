"use client";

import { useEffect, useRef } from "react";

/** Ctrl/Cmd+Shift+O starts a new chat, Ctrl/Cmd+K focuses the search box, anywhere in the app. */
export function useShortcuts({ onNewChat, onSearch }: { onNewChat: () => void; onSearch: () => void }) {
  const handlers = useRef({ onNewChat, onSearch });
  handlers.current = { onNewChat, onSearch };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const mod = event.ctrlKey || event.metaKey;
      if (!mod || event.altKey) return;
      const key = event.key.toLowerCase();
      if (event.shiftKey && key === "o") {
        event.preventDefault();
        handlers.current.onNewChat();
      } else if (!event.shiftKey && key === "k") {
        event.preventDefault();
        handlers.current.onSearch();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}

const SHORTCUTS = [
  ["New chat", "Ctrl/⌘ + Shift + O"],
  ["Search conversations", "Ctrl/⌘ + K"],
  ["Next or previous conversation", "↓ / ↑"],
  ["A conversation's options", "→ or Shift + F10"],
  ["Send message", "Enter"],
  ["New line", "Shift + Enter"],
] as const;

/** The list of keyboard shortcuts, one click away at the bottom of the sidebar. */
export function ShortcutsHelp() {
  return (
    <details className="group/help rounded-lg px-3 py-1.5 text-zinc-600 dark:text-zinc-400">
      <summary className="cursor-pointer list-none select-none hover:text-zinc-900 dark:hover:text-zinc-100">
        Keyboard shortcuts
      </summary>
      <dl className="mt-2 grid grid-cols-[1fr_auto] gap-x-3 gap-y-1 text-xs">
        {SHORTCUTS.map(([name, keys]) => (
          <div key={name} className="contents">
            <dt>{name}</dt>
            <dd>
              <kbd className="rounded border border-zinc-300 px-1 font-sans dark:border-zinc-700">{keys}</kbd>
            </dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
