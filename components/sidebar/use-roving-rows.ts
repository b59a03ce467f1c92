"use client";

import { type FocusEvent, type KeyboardEvent, type RefObject, useState } from "react";

// The row markup ConversationItem renders: an <li data-row-id> holding the link and the Options button.
const ROW = "[data-row-id]";
const LINK = "[data-row-link]";
const OPTIONS = "[data-row-options]";

/**
 * One Tab stop for the whole history (a roving tabindex): Tab enters at the row last focused (else the open
 * conversation, else the first) and the next Tab leaves the list. Inside it, ↑/↓ (Home/End) move between rows,
 * → reaches the row's Options button and ← comes back, Shift+F10 or the context-menu key opens the options;
 * ↑ on the first row returns to the search box.
 */
export function useRovingRows({
  list,
  search,
  ids,
  activeId,
}: {
  list: RefObject<HTMLElement | null>;
  search: RefObject<HTMLInputElement | null>;
  ids: string[];
  activeId: string | undefined;
}) {
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const tabbableId = [focusedId, activeId].find((id) => id && ids.includes(id)) ?? ids[0];

  const onFocus = (event: FocusEvent<HTMLElement>) => {
    const id = (event.target as HTMLElement).closest<HTMLElement>(ROW)?.dataset.rowId;
    if (id) setFocusedId(id);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    const target = event.target as HTMLElement;
    // The Options menu and the rename box handle their own keys.
    if (event.defaultPrevented || target.closest('[role="menu"]') || target.tagName === "INPUT") return;
    const row = target.closest<HTMLElement>(ROW);
    if (!row) return;
    const links = rowLinks(list.current);
    const index = links.indexOf(row.querySelector<HTMLAnchorElement>(LINK) as HTMLAnchorElement);
    const onLink = target.matches(LINK);
    let next: HTMLElement | null | undefined;
    if (event.key === "ArrowDown") next = links[index + 1];
    else if (event.key === "ArrowUp") next = index === 0 ? search.current : links[index - 1];
    else if (event.key === "Home") next = links[0];
    else if (event.key === "End") next = links.at(-1);
    else if (event.key === "ArrowRight" && onLink) next = row.querySelector<HTMLElement>(OPTIONS);
    else if (event.key === "ArrowLeft" && !onLink) next = row.querySelector<HTMLElement>(LINK);
    else if (event.key === "ContextMenu" || (event.key === "F10" && event.shiftKey)) {
      event.preventDefault();
      row.querySelector<HTMLElement>(OPTIONS)?.click();
      return;
    } else return;
    event.preventDefault();
    next?.focus();
  };

  return { tabbableId, onFocus, onKeyDown };
}

/** The rows' links in order, for the search box's ↓ (which enters the list at the first result). */
export function rowLinks(list: HTMLElement | null): HTMLAnchorElement[] {
  return Array.from(list?.querySelectorAll<HTMLAnchorElement>(LINK) ?? []);
}
