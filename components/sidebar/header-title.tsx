"use client";

import { useConversations } from "./conversations-context";

/** The open conversation's title, in the header between the sidebar toggle and the user menu. */
export function HeaderTitle() {
  const { title } = useConversations();
  return (
    <p className="hidden min-w-0 flex-1 truncate px-2 text-sm font-medium sm:block text-zinc-700 dark:text-zinc-300">
      {title ?? ""}
    </p>
  );
}
