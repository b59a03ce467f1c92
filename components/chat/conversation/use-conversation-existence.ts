"use client";

import { useCallback, useRef, useState } from "react";
import { writeDraft } from "../drafts";

/**
 * Whether this conversation exists yet. A new chat lives at "/" until its first message is sent, then takes
 * its own address; if that first message never arrived, it goes back to "/" (its address would be "not
 * found" after a reload).
 */
export function useConversationExistence(conversationId: string, persisted: boolean) {
  const [exists, setExists] = useState(persisted);
  // Whether the server has this conversation: where a message that was not sent is kept until it is.
  const serverHas = useRef(persisted);
  const unsentKey = useCallback(() => (serverHas.current ? conversationId : null), [conversationId]);

  const becomeReal = useCallback(() => {
    if (exists) return;
    setExists(true);
    writeDraft(null, "");
    window.history.replaceState(null, "", `/chat/${conversationId}`);
  }, [conversationId, exists]);

  const becomeNew = useCallback(() => {
    setExists(false);
    window.history.replaceState(null, "", "/");
  }, []);

  return { exists, serverHas, unsentKey, becomeReal, becomeNew };
}
