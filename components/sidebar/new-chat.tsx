"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { type MouseEvent, useCallback } from "react";
import { PlusIcon } from "@/components/chat/icons";

/**
 * The new-chat page is the same route as the one a new chat was started on (its address was only rewritten),
 * so refresh to get a fresh conversation id instead of the router's copy of the old one.
 */
export function useStartNewChat() {
  const router = useRouter();
  return useCallback(() => {
    router.push("/");
    router.refresh();
  }, [router]);
}

export function onPlainClick(action: () => void) {
  return (event: MouseEvent) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    action();
  };
}

/** The compact New chat button in the header on phones, where the sidebar is usually closed. */
export function NewChatIconLink() {
  const start = useStartNewChat();
  return (
    <Link
      href="/"
      onClick={onPlainClick(start)}
      aria-label="New chat"
      title="New chat"
      className="rounded-md p-2 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 md:hidden dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
    >
      <PlusIcon />
    </Link>
  );
}
