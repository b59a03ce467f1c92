import type { ModelMessage } from "ai";

/** The part a reply carries when older messages were left out for it (shown once, under the reply). */
export const CONTEXT_TRIMMED_PART = "data-context-trimmed";

// About 4 characters a token in English prose and code; an image costs roughly what a tile does.
export const CHARS_PER_TOKEN = 4;
const IMAGE_TOKENS = 1000;

/** Tokens the history may use: the window less room for the reply (a quarter, at most 8,192) and the instructions. */
export function inputBudget(contextWindow: number, instructions: string): number {
  return (
    contextWindow - Math.min(Math.floor(contextWindow / 4), 8192) - Math.ceil(instructions.length / CHARS_PER_TOKEN)
  );
}

/** A stored message's share of the window, estimated from its parts as the model will see them. */
export function estimatePartsTokens(parts: readonly unknown[]): number {
  return parts.reduce((sum: number, part) => sum + partTokens(part), 0) + 4;
}

function partTokens(part: unknown): number {
  if (typeof part !== "object" || part === null) return 0;
  const p = part as { type?: string; text?: unknown; input?: unknown; output?: unknown };
  if (p.type === "image" || p.type === "file") return IMAGE_TOKENS;
  // Shown to the person only: neither reasoning nor Parley's own notes reach the model.
  if (p.type === "reasoning" || p.type === "step-start" || p.type?.startsWith("data-")) return 0;
  const text = typeof p.text === "string" ? p.text : JSON.stringify(p.input ?? p.output ?? "");
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

export function estimateTokens(message: ModelMessage): number {
  const content = message.content as unknown;
  const body =
    typeof content === "string"
      ? Math.ceil(content.length / CHARS_PER_TOKEN)
      : Array.isArray(content)
        ? content.reduce((sum: number, part) => sum + partTokens(part), 0)
        : 0;
  return body + 4;
}

/**
 * The newest messages that fit in the model's window, leaving room for the reply (a quarter of the window, at
 * most 8,192 tokens). Whole turns go, oldest first, and what is kept starts with the person's message. The last
 * message always stays: a single message too long for the window is the server's to refuse.
 */
export function fitToContext(
  messages: ModelMessage[],
  contextWindow: number | null,
  instructions = "",
): { messages: ModelMessage[]; dropped: number } {
  if (!contextWindow || messages.length <= 1) return { messages, dropped: 0 };
  const budget = inputBudget(contextWindow, instructions);
  let total = messages.reduce((sum, m) => sum + estimateTokens(m), 0);
  let start = 0;
  while (total > budget && start < messages.length - 1) {
    total -= estimateTokens(messages[start] as ModelMessage);
    start++;
    // Never begin with the model's half of a turn (or a tool result without its call).
    while (start < messages.length - 1 && messages[start]?.role !== "user") {
      total -= estimateTokens(messages[start] as ModelMessage);
      start++;
    }
  }
  return { messages: messages.slice(start), dropped: start };
}
