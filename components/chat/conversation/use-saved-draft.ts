"use client";

import { useCallback, useEffect, useState } from "react";
import { readDraft, writeDraft } from "../drafts";

/**
 * The composer's text, saved as it is typed (a new chat's under its own key, `draftId` null) so a reload
 * keeps it; the saved draft comes back once per conversation.
 */
export function useSavedDraft(conversationId: string, draftId: string | null) {
  const [draft, setDraftState] = useState("");

  const setDraft = useCallback(
    (next: string | ((current: string) => string)) =>
      setDraftState((current) => {
        const value = typeof next === "function" ? next(current) : next;
        writeDraft(draftId, value);
        return value;
      }),
    [draftId],
  );

  // Read after mount: storage exists only in the browser.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per conversation.
  useEffect(() => {
    const saved = readDraft(draftId);
    if (saved) setDraftState((current) => current || saved);
  }, [conversationId]);

  return { draft, setDraft };
}
