import { MAX_MESSAGE_CHARS } from "../limits";

// What an import keeps of one message: the limits a send obeys. A question is cut where the message box stops
// a person (32,000 characters); a reply where a model's longest replies end (about 32,000 tokens), far above
// what chat models write by default, so real exports lose nothing and a 40-million-character message cannot be
// stored whole. Cut texts end with IMPORT_CUT_NOTE and are counted in the summary.

export const MAX_IMPORTED_QUESTION_CHARS = MAX_MESSAGE_CHARS;
export const MAX_IMPORTED_REPLY_CHARS = 128_000;

export const importCutNote = (max: number) =>
  `\n\n[Cut on import: the original was longer than ${max.toLocaleString("en-US")} characters.]`;

/** The text cut to `max` characters (note included, never halving a surrogate pair), or null if it fits. */
export function cutText(text: string, max: number): string | null {
  if (text.length <= max) return null;
  const note = importCutNote(max);
  let end = max - note.length;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end) + note;
}

export function maxCharsFor(role: string): number {
  return role === "user" ? MAX_IMPORTED_QUESTION_CHARS : MAX_IMPORTED_REPLY_CHARS;
}
