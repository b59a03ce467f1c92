import "server-only";
import { getMessage, type MessagePart, type MessageStatus, updateAssistantMessage } from "../db/messages";

// Kept apart from the reply engine: it only rewrites a reply that has already ended as stopped.

/**
 * The parts of a reply as far as its first `visibleChars` characters of text: the text part where the
 * person's screen stopped is cut there, and nothing after it is kept (it was never shown).
 */
export function cutToVisible(parts: MessagePart[], visibleChars: number): MessagePart[] {
  const kept: MessagePart[] = [];
  let left = Math.max(0, Math.trunc(visibleChars));
  for (const part of parts) {
    if (part.type !== "text" || typeof part.text !== "string") {
      if (left === 0 && kept.some((p) => p.type === "text")) break;
      kept.push(part);
      continue;
    }
    if (part.text.length <= left) {
      kept.push(part);
      left -= part.text.length;
      continue;
    }
    if (left > 0) kept.push({ ...part, text: part.text.slice(0, left) });
    break;
  }
  return kept;
}

/**
 * A reply that ended (or was stopped) this long before the Stop did not end "while Stop was on its way": the
 * screen that sent it was stale (a dropped stream, a sleeping laptop, a retried request), and the whole stored
 * reply is what the person should keep.
 */
const ENDED_MEANWHILE_MS = 60_000;

/**
 * After Stop: keeps of the stopped reply only what the person's screen showed, so the stored partial reply
 * is the one they saw. A reply stopped or completed in the last moments is cut; a failed reply, or one that
 * ended earlier, is left whole. Only ever shortened.
 */
export async function keepVisibleText({
  messageId,
  userId,
  visibleChars,
}: {
  messageId: string;
  userId: string;
  visibleChars: number;
}): Promise<void> {
  const message = await getMessage({ id: messageId, userId });
  if (message?.role !== "assistant" || (message.status !== "aborted" && message.status !== "complete")) return;
  if (Date.now() - message.updatedAt.getTime() > ENDED_MEANWHILE_MS) return;
  const parts = (Array.isArray(message.parts) ? message.parts : []) as MessagePart[];
  const cut = cutToVisible(parts, visibleChars);
  const text = cut
    .filter((p) => p.type === "text")
    .map((p) => String(p.text))
    .join("");
  if (text.length >= message.content.length && cut.length === parts.length) return;
  const status = (message.status === "complete" ? "aborted" : message.status) as MessageStatus;
  await updateAssistantMessage({ id: messageId, userId, update: { parts: cut, content: text, status } });
}
