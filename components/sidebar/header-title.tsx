"use client";

import { useEffect, useState } from "react";

const EVENT = "parley:title";

/** Tells the header which conversation is open (null: none), e.g. after it was named or renamed. */
export function announceTitle(title: string | null) {
  window.dispatchEvent(new CustomEvent<string | null>(EVENT, { detail: title }));
}

/** The open conversation's title, in the header between the sidebar toggle and the user menu. */
export function HeaderTitle() {
  const [title, setTitle] = useState<string | null>(null);
  useEffect(() => {
    const onTitle = (event: Event) => setTitle((event as CustomEvent<string | null>).detail);
    window.addEventListener(EVENT, onTitle);
    return () => window.removeEventListener(EVENT, onTitle);
  }, []);
  return (
    <p className="hidden min-w-0 flex-1 truncate px-2 text-sm font-medium sm:block text-zinc-700 dark:text-zinc-300">
      {title ?? ""}
    </p>
  );
}
