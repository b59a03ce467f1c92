/** Unsent text, per conversation, in this browser: kept across reloads and closed tabs until it is sent. */

const PREFIX = "parley:draft:";
/** A chat that does not exist on the server yet gets a new id on every load: its draft has one fixed key. */
export const NEW_CHAT_DRAFT = "new";

export function draftKey(conversationId: string | null): string {
  return PREFIX + (conversationId ?? NEW_CHAT_DRAFT);
}

export function readDraft(conversationId: string | null, storage: Pick<Storage, "getItem"> | null = safeStorage()) {
  try {
    return storage?.getItem(draftKey(conversationId)) ?? "";
  } catch {
    return "";
  }
}

export function writeDraft(
  conversationId: string | null,
  text: string,
  storage: Pick<Storage, "setItem" | "removeItem"> | null = safeStorage(),
) {
  try {
    if (text.trim()) storage?.setItem(draftKey(conversationId), text);
    else storage?.removeItem(draftKey(conversationId));
  } catch {
    // Storage full or disabled (private mode): the draft lives only in the box.
  }
}

function safeStorage(): Storage | null {
  try {
    return typeof window === "undefined" ? null : window.localStorage;
  } catch {
    return null;
  }
}
