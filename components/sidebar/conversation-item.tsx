"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { ArchiveIcon, DotsIcon, DownloadIcon, PencilIcon, PinIcon, TrashIcon } from "@/components/chat/icons";
import { MAX_TITLE_CHARS } from "@/lib/limits";
import type { ConversationSummary } from "./types";

export interface ItemHandlers {
  rename: (item: ConversationSummary, title: string) => void;
  setPinned: (item: ConversationSummary, pinned: boolean) => void;
  archive: (item: ConversationSummary) => void;
  trash: (item: ConversationSummary) => void;
}

export const displayTitle = (item: Pick<ConversationSummary, "title">) => item.title ?? "New chat";

/**
 * One conversation in the sidebar: a link, and a menu with rename, pin, archive, export and delete. One Tab
 * stop per row: only the `tabbable` row's link is in the Tab order, the rest is reached by arrow keys
 * (useRovingRows).
 */
export function ConversationItem({
  item,
  active,
  tabbable,
  handlers,
}: {
  item: ConversationSummary;
  active: boolean;
  tabbable: boolean;
  handlers: ItemHandlers;
}) {
  const [menuOpen, setMenuOpen] = useState(false);
  const [renaming, setRenaming] = useState(false);
  const title = displayTitle(item);

  if (renaming) {
    return (
      <li>
        <RenameForm
          initial={title}
          onDone={(value) => {
            setRenaming(false);
            if (value !== null && value !== item.title) handlers.rename(item, value);
          }}
        />
      </li>
    );
  }

  return (
    <li className="group/item relative" data-row-id={item.id}>
      <Link
        href={`/chat/${item.id}`}
        data-row-link
        tabIndex={tabbable ? 0 : -1}
        aria-current={active ? "page" : undefined}
        aria-keyshortcuts="Shift+F10"
        className={`flex items-center gap-2 rounded-lg py-2 pr-9 pl-3 text-sm transition-colors ${
          active
            ? "bg-zinc-200/80 font-medium text-zinc-950 dark:bg-zinc-800 dark:text-white"
            : "text-zinc-700 hover:bg-zinc-200/50 dark:text-zinc-300 dark:hover:bg-zinc-800/60"
        }`}
      >
        {item.pinned ? (
          <span className="text-zinc-500 dark:text-zinc-400" title="Pinned">
            <PinIcon />
          </span>
        ) : null}
        <span className="truncate">{title}</span>
      </Link>
      <button
        type="button"
        aria-label={`Options for ${title}`}
        data-row-options
        tabIndex={-1}
        aria-haspopup="menu"
        aria-expanded={menuOpen}
        onClick={() => setMenuOpen((v) => !v)}
        className={`absolute top-1/2 right-1 -translate-y-1/2 rounded-md p-1.5 text-zinc-500 dark:text-zinc-400 hover:bg-zinc-300/60 hover:text-zinc-900 focus-visible:opacity-100 focus-visible:outline-2 focus-visible:outline-blue-500 dark:hover:bg-zinc-700 dark:hover:text-zinc-100 ${
          menuOpen || active
            ? "opacity-100"
            : "opacity-100 md:opacity-0 md:group-focus-within/item:opacity-100 md:group-hover/item:opacity-100"
        }`}
      >
        <DotsIcon />
      </button>
      {menuOpen ? (
        <ItemMenu
          item={item}
          onClose={() => setMenuOpen(false)}
          onRename={() => setRenaming(true)}
          handlers={handlers}
        />
      ) : null}
    </li>
  );
}

function RenameForm({ initial, onDone }: { initial: string; onDone: (value: string | null) => void }) {
  const [value, setValue] = useState(initial);
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    ref.current?.focus();
    ref.current?.select();
  }, []);
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        onDone(value.trim() || null);
      }}
    >
      <input
        ref={ref}
        aria-label="Conversation title"
        value={value}
        maxLength={MAX_TITLE_CHARS}
        onChange={(event) => setValue(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Escape") {
            event.preventDefault();
            onDone(null);
          }
        }}
        onBlur={() => onDone(value.trim() || null)}
        className="w-full rounded-lg border border-blue-500 bg-white px-3 py-1.5 text-sm outline-none ring-2 ring-blue-500/30 dark:bg-zinc-950"
      />
    </form>
  );
}

function ItemMenu({
  item,
  onClose,
  onRename,
  handlers,
}: {
  item: ConversationSummary;
  onClose: () => void;
  onRename: () => void;
  handlers: ItemHandlers;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const onPointer = (event: PointerEvent) => {
      if (!ref.current?.parentElement?.contains(event.target as Node)) onClose();
    };
    document.addEventListener("pointerdown", onPointer);
    return () => document.removeEventListener("pointerdown", onPointer);
  }, [onClose]);

  const act = (fn: () => void) => () => {
    onClose();
    fn();
  };
  const itemClass =
    "flex w-full items-center gap-2.5 rounded-md px-2.5 py-1.5 text-left text-sm text-zinc-700 hover:bg-zinc-100 focus:bg-zinc-100 focus:outline-none dark:text-zinc-200 dark:hover:bg-zinc-800 dark:focus:bg-zinc-800";

  return (
    <div
      ref={ref}
      role="menu"
      aria-label={`Options for ${displayTitle(item)}`}
      tabIndex={-1}
      onKeyDown={(event) => {
        const items = [...(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
        const index = items.indexOf(document.activeElement as HTMLElement);
        if (event.key === "Escape") {
          onClose();
          ref.current?.parentElement?.querySelector<HTMLElement>('[aria-haspopup="menu"]')?.focus();
        } else if (event.key === "Tab") return onClose();
        else if (event.key === "ArrowDown") items[(index + 1) % items.length]?.focus();
        else if (event.key === "ArrowUp") items[(index - 1 + items.length) % items.length]?.focus();
        else return;
        event.preventDefault();
      }}
      className="absolute top-full right-0 z-50 mt-1 w-52 rounded-lg border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
    >
      <button type="button" role="menuitem" className={itemClass} onClick={act(onRename)}>
        <PencilIcon /> Rename
      </button>
      <button
        type="button"
        role="menuitem"
        className={itemClass}
        onClick={act(() => handlers.setPinned(item, !item.pinned))}
      >
        <PinIcon /> {item.pinned ? "Unpin" : "Pin"}
      </button>
      <button type="button" role="menuitem" className={itemClass} onClick={act(() => handlers.archive(item))}>
        <ArchiveIcon /> Archive
      </button>
      <a role="menuitem" className={itemClass} href={`/chat/${item.id}/export?format=md`} download onClick={onClose}>
        <DownloadIcon /> Export as Markdown
      </a>
      <a role="menuitem" className={itemClass} href={`/chat/${item.id}/export?format=json`} download onClick={onClose}>
        <DownloadIcon /> Export as JSON
      </a>
      <div className="my-1 border-t border-zinc-100 dark:border-zinc-800" />
      <button
        type="button"
        role="menuitem"
        className={`${itemClass} text-red-600 dark:text-red-400`}
        onClick={act(() => handlers.trash(item))}
      >
        <TrashIcon /> Delete
      </button>
    </div>
  );
}
