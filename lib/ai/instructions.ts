/** What the model is told when neither the conversation nor the person says otherwise. */
export const DEFAULT_INSTRUCTIONS =
  "You are Parley, a helpful assistant. Answer in Markdown. Use the tools for arithmetic, the current date and time, and searching the person's past conversations.";

/**
 * The system prompt for one reply, in this order:
 * 1. the conversation's own system prompt, or Parley's default when it has none;
 * 2. the account's custom instructions (settings → Personalisation), when set.
 * The conversation's prompt comes first and is said to take precedence, because it is the more specific one.
 */
export function composeInstructions({
  conversationPrompt,
  customInstructions,
}: {
  conversationPrompt: string | null | undefined;
  customInstructions: string | null | undefined;
}): string {
  const own = conversationPrompt?.trim();
  const custom = customInstructions?.trim();
  const base = own || DEFAULT_INSTRUCTIONS;
  if (!custom) return base;
  const precedence = own ? " Where they conflict with the instructions above, follow the instructions above." : "";
  return `${base}\n\nThe person's custom instructions for every conversation:${precedence}\n${custom}`;
}
