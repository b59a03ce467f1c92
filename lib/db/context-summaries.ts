import "server-only";
import { db } from "./client";
import { isUniqueViolation } from "./unique-violation";

/** Summaries of the older turns of a person's conversations (lib/chat/context-summary.ts writes and reads them). */

export interface ContextSummaryRow {
  throughMessageId: string;
  summary: string;
}

/** The summaries of this conversation that end at one of these messages (the path being answered). */
export async function findContextSummaries({
  conversationId,
  userId,
  messageIds,
}: {
  conversationId: string;
  userId: string;
  messageIds: string[];
}): Promise<ContextSummaryRow[]> {
  if (messageIds.length === 0) return [];
  return db.contextSummary.findMany({
    where: { conversationId, conversation: { userId }, throughMessageId: { in: messageIds } },
    select: { throughMessageId: true, summary: true },
  });
}

/** Stores a summary; one already written for the same message (by a reply running beside this one) is kept. */
export async function saveContextSummary({
  conversationId,
  userId,
  throughMessageId,
  summary,
  modelId,
}: {
  conversationId: string;
  userId: string;
  throughMessageId: string;
  summary: string;
  modelId: string;
}): Promise<void> {
  const owned = await db.conversation.count({ where: { id: conversationId, userId } });
  if (!owned) return;
  try {
    await db.contextSummary.create({ data: { conversationId, throughMessageId, summary, modelId } });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}
