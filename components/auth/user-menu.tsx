"use client";

import Link from "next/link";
import { useEffect, useId, useRef, useState } from "react";

const ITEM =
  "block w-full rounded-md px-3 py-2 text-left text-sm hover:bg-zinc-100 focus-visible:bg-zinc-100 focus-visible:outline-none dark:hover:bg-zinc-800 dark:focus-visible:bg-zinc-800";

/**
 * The signed-in person's menu in the chat header: one compact button that opens Settings, Direct messages,
 * Admin (superusers) and Log out, so the header fits a phone. `logoutAction` is a server action.
 */
export function UserMenu({
  username,
  isSuperuser,
  unreadDirectMessages,
  logoutAction,
}: {
  username: string;
  isSuperuser: boolean;
  unreadDirectMessages: number;
  logoutAction: () => Promise<void>;
}) {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") setOpen(false);
    };
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  return (
    <div ref={root} className="relative">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={menuId}
        aria-label={`Account menu for ${username}`}
        onClick={() => setOpen((v) => !v)}
        className="flex items-center gap-2 rounded-full py-1 pr-2 pl-1 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800"
      >
        <span
          aria-hidden
          className="relative flex size-7 items-center justify-center rounded-full bg-zinc-900 text-xs font-semibold text-white uppercase dark:bg-zinc-100 dark:text-zinc-900"
        >
          {username.slice(0, 1)}
          {unreadDirectMessages > 0 ? (
            <span className="absolute -top-0.5 -right-0.5 size-2.5 rounded-full bg-blue-600 ring-2 ring-white dark:ring-zinc-950" />
          ) : null}
        </span>
        <span className="hidden max-w-32 truncate font-medium sm:inline">{username}</span>
      </button>
      <div
        id={menuId}
        hidden={!open}
        className="absolute right-0 z-50 mt-2 w-56 rounded-lg border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-800 dark:bg-zinc-900"
      >
        <p className="truncate px-3 py-2 text-xs text-zinc-500">Signed in as {username}</p>
        <Link href="/settings" className={ITEM} onClick={() => setOpen(false)}>
          Settings
        </Link>
        <Link href="/direct" className={ITEM} onClick={() => setOpen(false)}>
          Direct messages
          {unreadDirectMessages > 0 ? (
            <span className="ml-2 rounded-full bg-blue-600 px-1.5 text-xs font-semibold text-white">
              {unreadDirectMessages}
              <span className="sr-only"> unread</span>
            </span>
          ) : null}
        </Link>
        {isSuperuser ? (
          <Link href="/admin" className={ITEM} onClick={() => setOpen(false)}>
            Admin
          </Link>
        ) : null}
        <form action={logoutAction} className="border-t border-zinc-200 pt-1 mt-1 dark:border-zinc-800">
          <button type="submit" className={ITEM}>
            Log out
          </button>
        </form>
      </div>
    </div>
  );
}
