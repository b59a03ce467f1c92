"use client";

import Link from "next/link";
import { useEffect, useId, useState } from "react";
import { useDirectEvents } from "@/components/direct/use-direct-events";
import { saveThemeToAccount, useTheme } from "@/components/theme/use-theme";
import { useMenu } from "@/components/ui/use-menu";
import { THEME_LABELS, THEMES, type Theme } from "@/lib/theme";

const ITEM =
  "flex w-full items-center rounded-md px-3 py-2 text-left text-sm hover:bg-zinc-100 focus-visible:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-blue-500 dark:hover:bg-zinc-800 dark:focus-visible:bg-zinc-800";

/**
 * The signed-in person's menu in the chat header: one compact button that opens Settings, Direct messages,
 * Admin (superusers), the theme and Log out, so the header fits a phone. `logoutAction` is a server action.
 */
export function UserMenu({
  username,
  isSuperuser,
  unreadDirectMessages: renderedUnread,
  directEventsAfter,
  theme: initialTheme,
  logoutAction,
}: {
  username: string;
  isSuperuser: boolean;
  unreadDirectMessages: number;
  /** The direct-message event feed's position when the count was read: the badge follows it live from there. */
  directEventsAfter: number;
  theme: Theme;
  logoutAction: (formData: FormData) => Promise<void>;
}) {
  const menuId = useId();
  const { open, root, button, menu, toggle, close, onMenuKeyDown, onButtonKeyDown } = useMenu();
  const { theme, choose } = useTheme(initialTheme, saveThemeToAccount);
  const unreadDirectMessages = useLiveUnread(renderedUnread, directEventsAfter);

  return (
    <div ref={root} className="relative">
      <button
        ref={button}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={menuId}
        aria-label={`Account menu for ${username}${
          unreadDirectMessages > 0
            ? `, ${unreadDirectMessages} unread direct message${unreadDirectMessages === 1 ? "" : "s"}`
            : ""
        }`}
        onClick={() => toggle()}
        onKeyDown={onButtonKeyDown}
        className="flex items-center gap-2 rounded-full py-1 pr-2 pl-1 text-sm hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-blue-500 dark:hover:bg-zinc-800"
      >
        {/* The initial is drawn by CSS so the button's visible text is the username alone (WCAG 2.5.3). */}
        <span
          aria-hidden
          data-initial={username.slice(0, 1)}
          className="relative flex size-7 items-center justify-center rounded-full bg-zinc-900 text-xs font-semibold text-white uppercase before:content-[attr(data-initial)] dark:bg-zinc-100 dark:text-zinc-900"
        >
          {unreadDirectMessages > 0 ? (
            <span className="absolute -top-0.5 -right-0.5 size-2.5 rounded-full bg-blue-600 ring-2 ring-white dark:ring-zinc-950" />
          ) : null}
        </span>
        <span className="hidden max-w-32 truncate font-medium sm:inline">{username}</span>
      </button>
      <div
        hidden={!open}
        className="absolute right-0 z-50 mt-2 w-56 rounded-lg border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-800 dark:bg-zinc-900"
      >
        <p className="truncate px-3 py-2 text-xs text-zinc-600 dark:text-zinc-400">Signed in as {username}</p>
        <div ref={menu} id={menuId} role="menu" aria-label={`Account menu for ${username}`} onKeyDown={onMenuKeyDown}>
          <Link href="/settings" role="menuitem" tabIndex={-1} className={ITEM} onClick={() => close()}>
            Settings
          </Link>
          <Link href="/direct" role="menuitem" tabIndex={-1} className={ITEM} onClick={() => close()}>
            Direct messages
            {unreadDirectMessages > 0 ? (
              <span className="ml-2 rounded-full bg-blue-700 px-1.5 text-xs font-semibold text-white">
                {unreadDirectMessages}
                <span className="sr-only"> unread</span>
              </span>
            ) : null}
          </Link>
          {isSuperuser ? (
            <Link href="/admin" role="menuitem" tabIndex={-1} className={ITEM} onClick={() => close()}>
              Admin
            </Link>
          ) : null}
          <fieldset className="mt-1 border-t border-zinc-200 pt-1 dark:border-zinc-800">
            <legend className="float-left w-full px-3 pt-1 pb-0.5 text-xs text-zinc-600 dark:text-zinc-400">
              Theme
            </legend>
            {THEMES.map((option) => (
              <button
                key={option}
                type="button"
                role="menuitemradio"
                aria-checked={theme === option}
                tabIndex={-1}
                className={`${ITEM} justify-between`}
                onClick={() => choose(option)}
              >
                {THEME_LABELS[option]}
                {theme === option ? <span aria-hidden>✓</span> : null}
              </button>
            ))}
          </fieldset>
          <form
            action={logoutAction}
            role="presentation"
            className="mt-1 border-t border-zinc-200 pt-1 dark:border-zinc-800"
          >
            <button type="submit" role="menuitem" tabIndex={-1} className={ITEM}>
              Log out
            </button>
          </form>
        </div>
      </div>
    </div>
  );
}

/** The unread direct-message count, kept current by the same live events /direct uses (every event carries it). */
function useLiveUnread(rendered: number, after: number): number {
  const [unread, setUnread] = useState(rendered);
  // A fresh server render (navigation, refresh) brings a fresh count.
  useEffect(() => setUnread(rendered), [rendered]);
  const update = (data: { unread: number }) => setUnread(data.unread);
  useDirectEvents({ message: update, read: update, deleted: update }, after);
  return unread;
}
