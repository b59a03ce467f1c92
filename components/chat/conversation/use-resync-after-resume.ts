"use client";

import type { ChatStatus } from "ai";
import { useEffect, useRef } from "react";
import type { ChatMessage } from "../types";

/**
 * A reply that was streaming when the page was rendered may have ended before the resume request (204):
 * its stored state is fetched once the resume attempt is over.
 */
export function useResyncAfterResume(initialMessages: ChatMessage[], status: ChatStatus, resync: () => unknown) {
  const resumePending = useRef(initialMessages.at(-1)?.metadata?.status === "streaming");
  const sawBusy = useRef(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: follows the status only; resync reads the latest thread.
  useEffect(() => {
    if (!resumePending.current) return;
    if (status !== "ready") sawBusy.current = true;
    else if (sawBusy.current) {
      resumePending.current = false;
      void resync();
    }
  }, [status]);
}
