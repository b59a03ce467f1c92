"use client";

import { useRouter } from "next/navigation";
import { useDirectEvents } from "./use-direct-events";

/** Re-renders the server-rendered page (threads, unread counts) whenever a direct-message event arrives. */
export function LiveRefresh({ after }: { after: number }) {
  const router = useRouter();
  const refresh = () => router.refresh();
  useDirectEvents({ message: refresh, read: refresh, deleted: refresh }, after);
  return null;
}
