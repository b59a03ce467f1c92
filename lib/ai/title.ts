import "server-only";
import { generateText } from "ai";
import { log } from "../log";
import type { ResolvedModel } from "./providers";

const TITLE_INSTRUCTIONS =
  "You write a conversation title: at most 6 words, no quotes, no trailing punctuation. Reply with the title only.";

/** The first words of the message, for the offline model and as a fallback. */
export function titleFromText(text: string): string {
  const all = text.replace(/\s+/g, " ").trim().split(" ");
  const clean = trimChars(all.slice(0, 6).join(" "), "", ".!?,;:");
  if (!clean) return "New chat";
  return all.length > 6 ? `${shortenAtWord(clean, 59)}…` : shortenAtWord(clean, 60);
}

/**
 * At most `max` characters, cut after a whole word (a single word longer than that is cut) with an ellipsis,
 * and no dangling punctuation before it.
 */
export function shortenAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(" ");
  const words = space > max / 3 ? cut.slice(0, space) : cut.slice(0, max - 1);
  return `${trimChars(words, "", ".!?,;:-–—")}…`;
}

/**
 * Drops leading characters in `start` and trailing ones in `end` (whitespace always) in one pass: a pattern
 * like /[.!?]+$/ backtracks quadratically on a long run of them that is not at the end.
 */
function trimChars(text: string, start: string, end: string): string {
  let from = 0;
  let to = text.length;
  const isSpace = (c: string) => c.trim() === "";
  while (from < to && (start.includes(text[from] ?? "") || isSpace(text[from] ?? ""))) from++;
  while (to > from && (end.includes(text[to - 1] ?? "") || isSpace(text[to - 1] ?? ""))) to--;
  return text.slice(from, to);
}

/** A short title for a conversation that starts with `text`; never throws. */
export async function generateTitle(model: ResolvedModel, text: string): Promise<string> {
  if (model.offline) return titleFromText(text);
  try {
    const { text: title } = await generateText({
      model: model.model,
      instructions: TITLE_INSTRUCTIONS,
      prompt: text.slice(0, 2000),
      maxOutputTokens: 24,
      maxRetries: 0,
      abortSignal: AbortSignal.timeout(15_000),
    });
    const cleaned = shortenAtWord(trimChars(title, `"'“”`, `"'“”.`).replace(/\s+/g, " "), 80);
    return cleaned || titleFromText(text);
  } catch (error) {
    log.warn("chat.title_failed", { error });
    return titleFromText(text);
  }
}
