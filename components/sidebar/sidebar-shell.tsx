"use client";

import { usePathname } from "next/navigation";
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  useSyncExternalStore,
} from "react";
import { SidebarIcon } from "@/components/chat/icons";

interface SidebarState {
  /** Phone-sized screens: the drawer is open. Larger screens: the sidebar is shown (not collapsed). */
  open: boolean;
  setOpen: (open: boolean) => void;
  toggle: () => void;
}

const SidebarContext = createContext<SidebarState | null>(null);

export function useSidebar(): SidebarState {
  const state = useContext(SidebarContext);
  if (!state) throw new Error("useSidebar outside SidebarShell");
  return state;
}

const PHONE = "(max-width: 767px)";
const isPhone = () => typeof window !== "undefined" && window.matchMedia(PHONE).matches;
function subscribePhone(onChange: () => void) {
  const query = window.matchMedia(PHONE);
  query.addEventListener("change", onChange);
  return () => query.removeEventListener("change", onChange);
}

/**
 * The chat shell's two columns. The sidebar is a drawer over the page on phones (closed by default, closed
 * again after navigating) and a column that can be collapsed on larger screens.
 */
export function SidebarShell({ sidebar, children }: { sidebar: ReactNode; children: ReactNode }) {
  // null until the person toggles: CSS decides (open on larger screens, closed on phones), so nothing flashes.
  const [choice, setChoice] = useState<boolean | null>(null);
  const pathname = usePathname();

  // biome-ignore lint/correctness/useExhaustiveDependencies: closing the drawer is a reaction to navigation.
  useEffect(() => {
    if (isPhone()) setChoice(null);
  }, [pathname]);

  // The server cannot know the screen size; hydration uses its answer, then the real one.
  const phone = useSyncExternalStore(subscribePhone, isPhone, () => false);
  const open = choice ?? !phone;
  const setOpen = useCallback((value: boolean) => setChoice(value), []);
  const toggle = useCallback(() => setChoice((v) => !(v ?? !isPhone())), []);
  const value = useMemo(() => ({ open, setOpen, toggle }), [open, setOpen, toggle]);
  const position = choice === null ? "max-md:-translate-x-full" : choice ? "" : "max-md:-translate-x-full md:-ml-72";

  return (
    <SidebarContext.Provider value={value}>
      <div className="flex h-dvh overflow-hidden">
        {choice ? (
          <button
            type="button"
            aria-label="Close sidebar"
            tabIndex={-1}
            onClick={() => setChoice(false)}
            className="fixed inset-0 z-30 bg-black/40 md:hidden"
          />
        ) : null}
        <div
          className={`z-40 h-dvh w-72 shrink-0 border-r border-zinc-200 bg-zinc-50 transition-[margin,translate] duration-200 dark:border-zinc-800 dark:bg-zinc-900 max-md:fixed max-md:inset-y-0 max-md:left-0 max-md:shadow-xl ${position}`}
          inert={choice === false}
        >
          {sidebar}
        </div>
        <div className="flex min-w-0 flex-1 flex-col">{children}</div>
      </div>
    </SidebarContext.Provider>
  );
}

/** The header button that opens or collapses the sidebar. */
export function SidebarToggle() {
  const { open, toggle } = useSidebar();
  return (
    <button
      type="button"
      onClick={toggle}
      aria-label="Toggle sidebar"
      aria-expanded={open}
      title="Toggle sidebar"
      className="rounded-md p-2 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-blue-500 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
    >
      <SidebarIcon />
    </button>
  );
}
