"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef, useSyncExternalStore } from "react";
import { ArchiveIcon, MessagesIcon, PlusIcon, SearchIcon, TrashIcon, XIcon } from "@/components/chat/icons";
import { Button } from "@/components/ui/button";
import { ConversationItem } from "./conversation-item";
import { groupConversations } from "./group";
import { onPlainClick, useStartNewChat } from "./new-chat";
import { type ProjectSummary, ProjectsSection } from "./projects-section";
import { ShortcutsHelp, useShortcuts } from "./shortcuts";
import { useSidebar } from "./sidebar-shell";
import type { ConversationPage, SidebarActions } from "./types";
import { useConversationList } from "./use-conversation-list";
import { rowLinks, useRovingRows } from "./use-roving-rows";

/** The history: newest first, grouped by day, paged by cursor as you scroll, searchable. */
export function Sidebar({
  initial,
  actions,
  projects = [],
}: {
  initial: ConversationPage;
  actions: SidebarActions;
  projects?: ProjectSummary[];
}) {
  const pathname = usePathname();
  const searchRef = useRef<HTMLInputElement>(null);
  const sentinelRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const startNewChat = useStartNewChat();
  const { open, close } = useSidebar();
  const touch = useSyncExternalStore(subscribeTouch, isTouchOnly, () => false);
  const { shown, searching, query, setQuery, loading, loadMore, notice, dismissNotice, handlers, openId } =
    useConversationList({ initial, actions, onLeaveOpen: startNewChat });
  const activeId = openId ?? /^\/chat\/([^/]+)/.exec(pathname ?? "")?.[1];

  useShortcuts({ onNewChat: startNewChat, onSearch: () => searchRef.current?.focus() });

  useEffect(() => {
    const sentinel = sentinelRef.current;
    if (!sentinel) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) void loadMore();
    });
    observer.observe(sentinel);
    return () => observer.disconnect();
  }, [loadMore]);

  const groups = groupConversations(shown.items);
  const rows = useRovingRows({ list: listRef, search: searchRef, ids: shown.items.map((i) => i.id), activeId });

  return (
    <nav aria-label="Conversations" className="relative flex h-full flex-col">
      <div className="flex items-center justify-between gap-2 px-3 pt-3 pb-2">
        <Link href="/" className="flex items-center gap-2 px-1 text-[15px] font-semibold tracking-tight">
          <span className="grid size-7 place-items-center rounded-lg bg-zinc-900 text-xs font-bold text-white dark:bg-white dark:text-zinc-900">
            P
          </span>
          Parley
        </Link>
        {open ? (
          <button
            type="button"
            onClick={close}
            aria-label="Close sidebar"
            className="rounded-md p-2 text-zinc-500 hover:bg-zinc-200/60 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-blue-500 md:hidden dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
          >
            <XIcon />
          </button>
        ) : null}
      </div>
      <div className="space-y-2 px-3 pb-2">
        <Link
          href="/"
          onClick={onPlainClick(startNewChat)}
          title="New chat (Ctrl+Shift+O)"
          className="flex items-center gap-2 rounded-lg border border-zinc-200 bg-white px-3 py-2 text-sm font-medium shadow-xs transition-colors hover:bg-zinc-100 dark:border-zinc-700 dark:bg-zinc-950 dark:hover:bg-zinc-800"
        >
          <PlusIcon /> New chat
          <kbd className="ml-auto hidden font-sans text-[11px] text-zinc-600 dark:text-zinc-400 md:inline">
            Ctrl ⇧ O
          </kbd>
        </Link>
        <label className="relative block">
          <span className="sr-only">Search conversations</span>
          <span className="pointer-events-none absolute top-1/2 left-3 -translate-y-1/2 text-zinc-500 dark:text-zinc-400">
            <SearchIcon />
          </span>
          <input
            ref={searchRef}
            type="search"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "Escape" && query) {
                event.preventDefault();
                setQuery("");
              }
              if (event.key === "ArrowDown") {
                event.preventDefault();
                rowLinks(listRef.current)[0]?.focus();
              }
            }}
            placeholder={touch ? "Search" : "Search  (Ctrl+K)"}
            className="w-full rounded-lg border border-transparent bg-zinc-200/50 py-2 pr-3 pl-9 text-sm outline-none placeholder:text-zinc-500 focus:border-blue-500 focus:bg-white focus:ring-2 focus:ring-blue-500/20 dark:bg-zinc-800/70 dark:focus:bg-zinc-950"
          />
        </label>
      </div>

      {/* Projects sit above the history, outside its list: the history's rows and keys stay its own. */}
      <div className="max-h-[30%] shrink-0 overflow-y-auto px-2">
        <ProjectsSection projects={projects} pathname={pathname} />
      </div>

      {/* One Tab stop for the history; arrow keys move between conversations (see useRovingRows). */}
      {/* biome-ignore lint/a11y/noStaticElementInteractions: handles keys bubbling up from the rows inside. */}
      <div
        ref={listRef}
        className="min-h-0 flex-1 overflow-y-auto px-2 pb-3"
        data-testid="conversation-list"
        onKeyDown={rows.onKeyDown}
        onFocus={rows.onFocus}
      >
        {groups.length === 0 && !loading ? (
          <p className="px-3 py-6 text-center text-sm text-zinc-500 dark:text-zinc-400">
            {searching ? "No conversations match." : "No conversations yet. Start one with New chat."}
          </p>
        ) : null}
        {groups.map((group) => (
          <section key={group.name} aria-label={group.name} className="mt-3 first:mt-1">
            <h2 className="px-3 pb-1 text-xs font-medium text-zinc-500 dark:text-zinc-400">{group.name}</h2>
            <ul className="space-y-0.5">
              {group.items.map((item) => (
                <ConversationItem
                  key={item.id}
                  item={item}
                  active={item.id === activeId}
                  tabbable={item.id === rows.tabbableId}
                  handlers={handlers}
                />
              ))}
            </ul>
          </section>
        ))}
        <div ref={sentinelRef} className="h-4" />
        {loading ? (
          <p role="status" className="px-3 py-2 text-xs text-zinc-500 dark:text-zinc-400">
            Loading…
          </p>
        ) : null}
      </div>

      <div className="space-y-0.5 border-t border-zinc-200 p-2 text-sm dark:border-zinc-800">
        <Link
          href="/direct"
          aria-current={pathname.startsWith("/direct") ? "page" : undefined}
          className="flex items-center gap-2 rounded-lg px-3 py-1.5 text-zinc-600 hover:bg-zinc-200/50 aria-[current=page]:bg-zinc-200/80 aria-[current=page]:text-zinc-950 dark:text-zinc-400 dark:hover:bg-zinc-800/60 dark:aria-[current=page]:bg-zinc-800 dark:aria-[current=page]:text-white"
        >
          <MessagesIcon /> Direct messages
        </Link>
        <Link
          href="/archived"
          aria-current={pathname === "/archived" ? "page" : undefined}
          className="flex items-center gap-2 rounded-lg px-3 py-1.5 text-zinc-600 hover:bg-zinc-200/50 aria-[current=page]:bg-zinc-200/80 aria-[current=page]:text-zinc-950 dark:text-zinc-400 dark:hover:bg-zinc-800/60 dark:aria-[current=page]:bg-zinc-800 dark:aria-[current=page]:text-white"
        >
          <ArchiveIcon /> Archived
        </Link>
        <Link
          href="/trash"
          aria-current={pathname === "/trash" ? "page" : undefined}
          className="flex items-center gap-2 rounded-lg px-3 py-1.5 text-zinc-600 hover:bg-zinc-200/50 aria-[current=page]:bg-zinc-200/80 aria-[current=page]:text-zinc-950 dark:text-zinc-400 dark:hover:bg-zinc-800/60 dark:aria-[current=page]:bg-zinc-800 dark:aria-[current=page]:text-white"
        >
          <TrashIcon /> Trash
        </Link>
        {touch ? null : <ShortcutsHelp />}
      </div>

      {notice ? (
        <div
          role="status"
          className="absolute right-3 bottom-28 left-3 z-50 flex items-center justify-between gap-3 rounded-lg bg-zinc-900 px-3 py-2 text-sm text-white shadow-lg dark:bg-zinc-100 dark:text-zinc-900"
        >
          <span>{notice.text}</span>
          {notice.undo ? (
            <Button
              variant="ghost"
              className="px-2 py-1 font-semibold underline underline-offset-2 hover:bg-white/15 dark:hover:bg-zinc-900/10"
              onClick={() => {
                notice.undo?.();
                dismissNotice();
              }}
            >
              Undo
            </Button>
          ) : null}
        </div>
      ) : null}
    </nav>
  );
}

// A device whose only pointer is a finger has no keyboard shortcuts to show.
const TOUCH_ONLY = "(pointer: coarse) and (hover: none)";
const isTouchOnly = () => window.matchMedia(TOUCH_ONLY).matches;
function subscribeTouch(onChange: () => void) {
  const query = window.matchMedia(TOUCH_ONLY);
  query.addEventListener("change", onChange);
  return () => query.removeEventListener("change", onChange);
}
