import "server-only";
import type { ModelMessage } from "ai";
import { composeInstructions } from "../ai/instructions";
import type { ResolvedModel } from "../ai/providers";
import { attachmentLimits } from "../attachments/limits";
import type { Conversation } from "../db/conversations";
import { getPreferences } from "../db/preferences";
import { summariseOlderTurns, summaryInstructions } from "./context-summary";
import { CONTEXT_TRIMMED_PART, fitToContext } from "./context-window";
import { type HistoryMessage, toModelMessages } from "./history";

export interface ContextNotice {
  /** Model messages left out. */
  dropped: number;
  /** Stored messages the model read as a summary instead. */
  summarised: number;
}

/**
 * What the model reads for a reply: the instructions and the history, fitted to its context window (older turns
 * summarised, else left out), and what to tell the person about it (said once per conversation).
 */
export async function modelInput({
  history,
  model,
  conversation,
  userId,
  preferences,
  signal,
  continuing,
  extraInstructions,
}: {
  history: HistoryMessage[];
  /** The id of a reply that continues after a tool approval: its stored parts are part of the history. */
  continuing?: string;
  /** Instructions that apply beyond this conversation (a project's), after the person's own. */
  extraInstructions?: string;
  model: ResolvedModel;
  conversation: Conversation;
  userId: string;
  preferences?: Awaited<ReturnType<typeof getPreferences>>;
  signal: AbortSignal;
}): Promise<{ messages: ModelMessage[]; instructions: string; notice: ContextNotice | null }> {
  const convert = (messages: HistoryMessage[]) =>
    toModelMessages(messages, { userId, vision: model.vision, textChars: attachmentLimits().textChars, continuing });
  const [all, { customInstructions }] = await Promise.all([convert(history), preferences ?? getPreferences(userId)]);
  const base = [
    composeInstructions({ conversationPrompt: conversation.systemPrompt, customInstructions }),
    extraInstructions,
  ]
    .filter(Boolean)
    .join("\n\n");
  const summarised = await summariseOlderTurns({
    history,
    model,
    instructions: base,
    conversationId: conversation.id,
    userId,
    signal,
  });
  const instructions = summarised.summary ? `${base}\n\n${summaryInstructions(summarised.summary)}` : base;
  const messages = summarised.summarised > 0 ? await convert(summarised.history) : all;
  const fitted = fitToContext(messages, model.contextWindow, instructions);
  const told = history.some((m) => m.parts.some((p) => p.type === CONTEXT_TRIMMED_PART));
  const left = fitted.dropped > 0 || summarised.summarised > 0;
  return {
    messages: fitted.messages,
    instructions,
    notice: left && !told ? { dropped: fitted.dropped, summarised: summarised.summarised } : null,
  };
}
