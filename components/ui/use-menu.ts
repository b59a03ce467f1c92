"use client";

import { type KeyboardEvent, type RefObject, useCallback, useEffect, useRef, useState } from "react";

const ITEM_SELECTOR = '[role^="menuitem"]:not([aria-disabled="true"])';

function itemsOf(menu: HTMLElement | null): HTMLElement[] {
  return Array.from(menu?.querySelectorAll<HTMLElement>(ITEM_SELECTOR) ?? []);
}

/**
 * The WAI-ARIA menu button pattern: opening moves focus to the first item, arrow keys, Home and End move
 * between items, Escape closes and returns focus to the button, Tab or a click outside closes.
 */
export function useMenu(): {
  open: boolean;
  root: RefObject<HTMLDivElement | null>;
  button: RefObject<HTMLButtonElement | null>;
  menu: RefObject<HTMLDivElement | null>;
  toggle: (focus?: "first" | "last") => void;
  close: (returnFocus?: boolean) => void;
  onMenuKeyDown: (event: KeyboardEvent<HTMLElement>) => void;
  onButtonKeyDown: (event: KeyboardEvent<HTMLElement>) => void;
} {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const focusTarget = useRef<"first" | "last" | null>(null);

  const items = useCallback(() => itemsOf(menu.current), []);

  const close = useCallback((returnFocus = false) => {
    setOpen(false);
    if (returnFocus) button.current?.focus();
  }, []);

  const toggle = useCallback((focus: "first" | "last" = "first") => {
    setOpen((was) => {
      focusTarget.current = was ? null : focus;
      return !was;
    });
  }, []);
  useEffect(() => {
    if (!open) return;
    const target = focusTarget.current;
    focusTarget.current = null;
    const list = items();
    (target === "last" ? list.at(-1) : list[0])?.focus();
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointer);
    return () => document.removeEventListener("pointerdown", onPointer);
  }, [open, items]);

  const onMenuKeyDown = useCallback(
    (event: KeyboardEvent<HTMLElement>) => {
      const list = items();
      const index = list.indexOf(document.activeElement as HTMLElement);
      const move = (to: number) => {
        event.preventDefault();
        list[(to + list.length) % list.length]?.focus();
      };
      if (event.key === "ArrowDown") move(index + 1);
      else if (event.key === "ArrowUp") move(index - 1);
      else if (event.key === "Home") move(0);
      else if (event.key === "End") move(list.length - 1);
      else if (event.key === "Escape") {
        event.preventDefault();
        close(true);
      } else if (event.key === "Tab") setOpen(false);
    },
    [close, items],
  );

  const onButtonKeyDown = useCallback(
    (event: KeyboardEvent<HTMLElement>) => {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        const target = event.key === "ArrowDown" ? "first" : "last";
        if (open) {
          const list = items();
          (target === "last" ? list.at(-1) : list[0])?.focus();
          return;
        }
        focusTarget.current = target;
        setOpen(true);
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close(true);
      }
    },
    [close, open, items],
  );

  return { open, root, button, menu, toggle, close, onMenuKeyDown, onButtonKeyDown };
}
