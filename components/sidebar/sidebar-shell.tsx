"use client";

import { usePathname } from "next/navigation";
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from "react";
import { SidebarIcon } from "@/components/chat/icons";

interface SidebarState {
  /** Phone-sized screens: the drawer is open. Larger screens: the sidebar is shown (not collapsed). */
  open: boolean;
  setOpen: (open: boolean) => void;
  toggle: () => void;
  /** Closes the phone drawer and puts focus back on the header's toggle. */
  close: () => void;
  /** The header's toggle, where focus returns when the phone drawer closes. */
  toggleRef: React.RefObject<HTMLButtonElement | null>;
}

const SidebarContext = createContext<SidebarState | null>(null);

export function useSidebar(): SidebarState {
  const state = useContext(SidebarContext);
  if (!state) throw new Error("useSidebar outside SidebarShell");
  return state;
}

const PHONE = "(max-width: 767px)";
const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), textarea, select, summary, [tabindex="0"]';
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
export function SidebarShell({
  skipLink,
  sidebar,
  children,
}: {
  /** Rendered first, outside the drawer, so it is the first Tab stop. */
  skipLink?: ReactNode;
  sidebar: ReactNode;
  children: ReactNode;
}) {
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
  const toggleRef = useRef<HTMLButtonElement>(null);
  const drawer = useRef<HTMLDivElement>(null);
  const returnFocus = useRef(false);
  const close = useCallback(() => {
    returnFocus.current = true;
    setChoice(false);
  }, []);
  const value = useMemo(() => ({ open, setOpen, toggle, close, toggleRef }), [open, setOpen, toggle, close]);
  const position = choice === null ? "max-md:-translate-x-full" : choice ? "" : "max-md:-translate-x-full md:-ml-72";
  // On a phone the open drawer is a modal dialog: focus moves in and stays until Escape or the backdrop.
  const modal = phone && open;

  useEffect(() => {
    if (!modal) return;
    const focusables = () =>
      Array.from(drawer.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? []).filter((el) => el.offsetParent);
    focusables()[0]?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        // A menu, a rename or a search inside the drawer took this Escape for itself.
        if (event.defaultPrevented) return;
        event.preventDefault();
        returnFocus.current = true;
        setChoice(false);
        return;
      }
      if (event.key !== "Tab") return;
      const list = focusables();
      const first = list[0];
      const last = list.at(-1);
      const inside = drawer.current?.contains(document.activeElement);
      if (event.shiftKey && (document.activeElement === first || !inside)) {
        event.preventDefault();
        last?.focus();
      } else if (!event.shiftKey && (document.activeElement === last || !inside)) {
        event.preventDefault();
        first?.focus();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [modal]);

  // Back to the toggle once the drawer is closed and the page is no longer inert (not before: inert
  // elements cannot take focus).
  useEffect(() => {
    if (modal || !returnFocus.current) return;
    returnFocus.current = false;
    toggleRef.current?.focus();
  }, [modal]);

  return (
    <SidebarContext.Provider value={value}>
      {skipLink}
      {/* `clip`, not `hidden`: a hidden overflow can still be scrolled by focus() or scrollIntoView, which pushed
          the header and sidebar off the screen where no wheel could bring them back. */}
      <div className="flex h-dvh overflow-clip">
        {choice ? (
          <button
            type="button"
            aria-label="Close sidebar"
            tabIndex={-1}
            onClick={() => {
              returnFocus.current = true;
              setChoice(false);
            }}
            className="fixed inset-0 z-30 bg-black/40 md:hidden"
          />
        ) : null}
        {/* biome-ignore lint/a11y/useAriaPropsSupportedByRole: the role is "dialog" whenever aria-modal is set. */}
        <div
          ref={drawer}
          role={modal ? "dialog" : undefined}
          aria-modal={modal || undefined}
          aria-label={modal ? "Sidebar" : undefined}
          className={`z-40 h-dvh w-72 shrink-0 border-r border-zinc-200 bg-zinc-50 transition-[margin,translate] duration-200 dark:border-zinc-800 dark:bg-zinc-900 max-md:fixed max-md:inset-y-0 max-md:left-0 max-md:shadow-xl ${position}`}
          inert={!open}
        >
          {sidebar}
        </div>
        <div className="flex min-w-0 flex-1 flex-col" inert={modal}>
          {children}
        </div>
      </div>
    </SidebarContext.Provider>
  );
}

/** The header button that opens or collapses the sidebar. */
export function SidebarToggle() {
  const { open, toggle, toggleRef } = useSidebar();
  return (
    <button
      ref={toggleRef}
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
