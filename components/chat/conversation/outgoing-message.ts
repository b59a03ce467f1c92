import type { FileUIPart } from "ai";
import type { UnsentMessage } from "../drafts";
import { type ChatMessage, messageText } from "../types";

/** A message's attachments (already uploaded: each part's url names the stored file). */
export function filePartsOf(message: Pick<ChatMessage, "parts">): FileUIPart[] {
  return message.parts.filter((p): p is FileUIPart => p.type === "file");
}

/** One of the person's messages: its text (left out when blank, so a message may be files only), then its files. */
export function userMessage(id: string, text: string, files: FileUIPart[] = []): ChatMessage {
  return { id, role: "user", parts: [...(text.trim() ? [{ type: "text" as const, text }] : []), ...files] };
}

/** What is kept of a message being sent, so a failure can put it back or keep it as not sent, files included. */
export function unsentRecordOf(message: ChatMessage): UnsentMessage {
  const files = filePartsOf(message);
  return { id: message.id, text: messageText(message), ...(files.length ? { files } : {}) };
}

/** A message kept as not sent, as it was on screen (records from before attachments have no files). */
export function messageFromUnsent(unsent: UnsentMessage): ChatMessage {
  // Read back from storage, so only well-formed file parts are trusted.
  const files = (Array.isArray(unsent.files) ? unsent.files : []).filter(
    (f) => f?.type === "file" && typeof f.url === "string" && typeof f.mediaType === "string",
  );
  return userMessage(unsent.id, unsent.text, files);
}
