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

/** A message of the person's that did not reach the server: kept so a reload still offers Retry (same id). */
export interface UnsentMessage {
  id: string;
  text: string;
  /** Its attachments (already uploaded: only their ids and names are kept). */
  files?: { type: "file"; mediaType: string; filename?: string; url: string }[];
}

const UNSENT_PREFIX = "parley:unsent:";

export function readUnsent(conversationId: string | null, storage: Pick<Storage, "getItem"> | null = safeStorage()) {
  try {
    const value = JSON.parse(storage?.getItem(UNSENT_PREFIX + (conversationId ?? NEW_CHAT_DRAFT)) ?? "null") as unknown;
    const record = value as Partial<UnsentMessage> | null;
    return typeof record?.id === "string" && typeof record.text === "string" ? (record as UnsentMessage) : null;
  } catch {
    return null;
  }
}

export function writeUnsent(
  conversationId: string | null,
  message: UnsentMessage | null,
  storage: Pick<Storage, "setItem" | "removeItem"> | null = safeStorage(),
) {
  try {
    const key = UNSENT_PREFIX + (conversationId ?? NEW_CHAT_DRAFT);
    if (message) storage?.setItem(key, JSON.stringify(message));
    else storage?.removeItem(key);
  } catch {
    // As for drafts: without storage it lives only on screen.
  }
}
