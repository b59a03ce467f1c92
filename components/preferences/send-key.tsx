"use client";

import { createContext, type ReactNode, useContext } from "react";

export type SendKey = "enter" | "mod-enter";

const SendKeyContext = createContext<SendKey>("enter");

/** Makes the account's send key (settings → Personalisation) known to every composer below. */
export function SendKeyProvider({ value, children }: { value: SendKey; children: ReactNode }) {
  return <SendKeyContext value={value}>{children}</SendKeyContext>;
}

export function useSendKey(): SendKey {
  return useContext(SendKeyContext);
}

/** Whether this Enter keydown sends the message under the given setting (Shift+Enter never does). */
export function isSendKeystroke(
  event: { key: string; shiftKey: boolean; ctrlKey: boolean; metaKey: boolean; isComposing: boolean },
  sendKey: SendKey,
): boolean {
  if (event.key !== "Enter" || event.shiftKey || event.isComposing) return false;
  if (sendKey === "mod-enter") return event.ctrlKey || event.metaKey;
  return true;
}
