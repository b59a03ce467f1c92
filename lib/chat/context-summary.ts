import "server-only";
import { generateText } from "ai";
import { type ResolvedModel, resolveModel } from "../ai/providers";
import { attachmentsOf } from "../attachments/parts";
import { findContextSummaries, saveContextSummary } from "../db/context-summaries";
import { env } from "../env";
import { log } from "../log";
import { CHARS_PER_TOKEN, estimatePartsTokens, inputBudget } from "./context-window";
import type { HistoryMessage } from "./history";
import { textOf } from "./parts";
import { replySettings } from "./settings";

const SUMMARY_INSTRUCTIONS =
  "You summarise the earlier part of a conversation between a person and an assistant, so the assistant can " +
  "continue it without the original messages. Keep names, numbers, decisions, the person's preferences and open " +
  "questions; leave out pleasantries. Write plain prose in the conversation's language, at most 300 words. " +
  "Reply with the summary only.";
const SUMMARY_MAX_TOKENS = 600;

export interface SummarisedHistory {
  /** The messages the model still reads in full. */
  history: HistoryMessage[];
  /** What the model reads instead of the messages before them, if anything. */
  summary: string | null;
  /** Messages the summary stands for (0: nothing summarised). */
  summarised: number;
}

/** The summary as the model reads it, after its instructions. */
export function summaryInstructions(summary: string): string {
  return `Earlier in this conversation (older messages, summarised because they no longer fit):\n${summary}`;
}

/**
 * When the history does not fit the model's window, the oldest turns are replaced by a summary the model writes
 * (PARLEY_SUMMARY_MODEL, else the conversation's model). The summary is stored against the last message it
 * covers, so the following replies reuse it until what came after it no longer fits either; then a new one
 * is written from the old summary and the turns since. A summary that cannot be written leaves the turns to be
 * dropped instead (fitToContext), as before.
 */
export async function summariseOlderTurns({
  history,
  model,
  instructions,
  conversationId,
  userId,
  signal,
}: {
  history: HistoryMessage[];
  model: ResolvedModel;
  instructions: string;
  conversationId: string;
  userId: string;
  signal: AbortSignal;
}): Promise<SummarisedHistory> {
  const unchanged = { history, summary: null, summarised: 0 };
  if (!model.contextWindow || model.offline || history.length < 2) return unchanged;
  const budget = inputBudget(model.contextWindow, instructions);
  const sizes = history.map((m) => estimatePartsTokens(m.parts));
  const tokensFrom = (start: number) => sizes.slice(start).reduce((sum, n) => sum + n, 0);
  if (tokensFrom(0) <= budget) return unchanged;

  const stored = await latestSummary(history, conversationId, userId);
  const from = stored ? stored.index + 1 : 0;
  const storedTokens = stored ? Math.ceil(summaryInstructions(stored.summary).length / CHARS_PER_TOKEN) : 0;
  if (stored && storedTokens + tokensFrom(from) <= budget) {
    return { history: history.slice(from), summary: stored.summary, summarised: from };
  }
  // Summarise down to half the budget, so the next several turns fit beside this summary without a new one.
  const cut = cutFor(history, sizes, from, budget / 2);
  if (cut <= from)
    return stored ? { history: history.slice(from), summary: stored.summary, summarised: from } : unchanged;
  try {
    const writer = await summaryModelFor(model);
    // A summary that takes too long is given up (the turns are dropped instead); a Stop ends it at once.
    const deadline = AbortSignal.timeout(replySettings().firstTokenTimeoutSeconds * 2000);
    const summary = await writeSummary(
      writer,
      stored?.summary ?? null,
      history.slice(from, cut),
      AbortSignal.any([signal, deadline]),
    );
    await saveContextSummary({
      conversationId,
      userId,
      throughMessageId: (history[cut - 1] as HistoryMessage).id,
      summary,
      modelId: writer.id,
    });
    return { history: history.slice(cut), summary, summarised: cut };
  } catch (error) {
    if (signal.aborted) throw error;
    log.warn("chat.summary_failed", { conversationId, error });
    return unchanged;
  }
}

/** The stored summary that covers the most of this path, with the index of its last message. */
async function latestSummary(history: HistoryMessage[], conversationId: string, userId: string) {
  const rows = await findContextSummaries({ conversationId, userId, messageIds: history.map((m) => m.id) });
  let best: { index: number; summary: string } | null = null;
  for (const row of rows) {
    const index = history.findIndex((m) => m.id === row.throughMessageId);
    if (index >= 0 && (!best || index > best.index)) best = { index, summary: row.summary };
  }
  return best;
}

/** Where the kept messages start: the newest that fit in `keep` tokens, beginning with the person's message. */
function cutFor(history: HistoryMessage[], sizes: number[], from: number, keep: number): number {
  let cut = history.length - 1;
  let kept = sizes[cut] ?? 0;
  while (cut > from && kept + (sizes[cut - 1] ?? 0) <= keep) {
    cut--;
    kept += sizes[cut] ?? 0;
  }
  while (cut < history.length - 1 && history[cut]?.role !== "user") cut++;
  return cut;
}

/** PARLEY_SUMMARY_MODEL when it is one of the configured models (and not the offline one), else the reply's. */
async function summaryModelFor(model: ResolvedModel): Promise<ResolvedModel> {
  const id = env().PARLEY_SUMMARY_MODEL;
  if (!id) return model;
  const chosen = await resolveModel(id).catch(() => model);
  return chosen.offline ? model : chosen;
}

async function writeSummary(
  writer: ResolvedModel,
  previous: string | null,
  turns: HistoryMessage[],
  signal: AbortSignal,
): Promise<string> {
  const lines = turns.flatMap((m) => {
    if (m.role !== "user" && m.role !== "assistant") return [];
    const files = attachmentsOf(m.parts).map((a) => `[file: ${a.name}]`);
    const text = [textOf(m.parts), ...files].filter(Boolean).join(" ");
    return text ? [`${m.role === "user" ? "Person" : "Assistant"}: ${text}`] : [];
  });
  let transcript = lines.join("\n\n");
  // The writer reads at most what fits in its own window: the oldest of what is left over is cut.
  const room = writer.contextWindow
    ? Math.max(1000, inputBudget(writer.contextWindow, SUMMARY_INSTRUCTIONS) * CHARS_PER_TOKEN)
    : 400_000;
  const prefix = previous ? `Summary so far:\n${previous}\n\nThen:\n` : "";
  if (prefix.length + transcript.length > room)
    transcript = `[…]${transcript.slice(-Math.max(1, room - prefix.length - 3))}`;
  const { text } = await generateText({
    model: writer.model,
    instructions: SUMMARY_INSTRUCTIONS,
    prompt: `${prefix}${transcript}`,
    maxOutputTokens: Math.min(SUMMARY_MAX_TOKENS, Math.floor((writer.contextWindow ?? 4 * SUMMARY_MAX_TOKENS) / 4)),
    abortSignal: signal,
    maxRetries: 1,
  });
  const summary = text.trim();
  if (!summary) throw new Error("The model wrote an empty summary.");
  return summary;
}
