import "server-only";
import { AppError } from "../errors";
import { db, type Prisma } from "./client";
import { MAX_FEEDBACK_COMMENT, type Rating } from "./feedback-limits";
import { isUniqueViolation } from "./unique-violation";

export type { Rating } from "./feedback-limits";
export const FEEDBACK_PAGE_SIZE = 25;

const feedbackSelect = {
  id: true,
  messageId: true,
  rating: true,
  comment: true,
  modelId: true,
  createdAt: true,
  updatedAt: true,
} as const;

export type Feedback = Prisma.MessageFeedbackGetPayload<{ select: typeof feedbackSelect }>;

/**
 * The caller's vote on an assistant reply in one of their conversations: one per reply, a new vote replaces
 * the old one. A comment only goes with a thumbs down. The reply's model is stored with the vote.
 */
export async function setFeedback({
  messageId,
  userId,
  rating,
  comment,
}: {
  messageId: string;
  userId: string;
  rating: Rating;
  comment?: string | null;
}): Promise<Feedback> {
  const text = comment?.trim() || null;
  if (text && rating !== "down") {
    throw new AppError("validation:comment", {
      message: "A comment goes with a thumbs down.",
      fields: [{ field: "comment", message: "Only with a thumbs down." }],
    });
  }
  const message = await db.message.findFirst({
    where: { id: messageId, conversation: { userId, deletedAt: null } },
    select: { role: true, modelId: true, status: true },
  });
  if (!message) throw new AppError("not_found:message");
  if (message.role !== "assistant" || message.status === "streaming") {
    throw new AppError("conflict:feedback", { message: "Only finished assistant replies take feedback." });
  }
  const data = { rating, comment: text?.slice(0, MAX_FEEDBACK_COMMENT) ?? null, modelId: message.modelId };
  try {
    return await upsert();
  } catch (error) {
    // Two first votes at once: the loser of the unique index updates the winner's row.
    if (!isUniqueViolation(error)) throw error;
    return upsert();
  }

  function upsert() {
    return db.messageFeedback.upsert({
      where: { messageId_userId: { messageId, userId } },
      create: { messageId, userId, ...data },
      update: data,
      select: feedbackSelect,
    });
  }
}

/** The caller's votes on these messages, by message id (for showing the pressed thumb). */
export async function feedbackFor({
  userId,
  messageIds,
}: {
  userId: string;
  messageIds: string[];
}): Promise<Map<string, Rating>> {
  if (messageIds.length === 0) return new Map();
  const rows = await db.messageFeedback.findMany({
    where: { userId, messageId: { in: messageIds.slice(0, 500) } },
    select: { messageId: true, rating: true },
  });
  return new Map(rows.map((r) => [r.messageId, r.rating as Rating]));
}

export interface FeedbackFilter {
  modelId?: string | null;
  rating?: Rating | null;
}

function whereOf(filter: FeedbackFilter): Prisma.MessageFeedbackWhereInput {
  return {
    ...(filter.modelId ? { modelId: filter.modelId } : {}),
    ...(filter.rating ? { rating: filter.rating } : {}),
  };
}

/** Up and down counts per model, most votes first (admin only: the caller checks). */
export async function feedbackByModel(): Promise<{ modelId: string | null; up: number; down: number }[]> {
  const groups = await db.messageFeedback.groupBy({ by: ["modelId", "rating"], _count: { _all: true } });
  const byModel = new Map<string | null, { modelId: string | null; up: number; down: number }>();
  for (const g of groups) {
    const entry = byModel.get(g.modelId) ?? { modelId: g.modelId, up: 0, down: 0 };
    if (g.rating === "up") entry.up += g._count._all;
    else entry.down += g._count._all;
    byModel.set(g.modelId, entry);
  }
  return [...byModel.values()].sort((a, b) => b.up + b.down - (a.up + a.down));
}

const adminSelect = {
  ...feedbackSelect,
  user: { select: { username: true } },
  message: { select: { content: true, conversationId: true } },
} as const;

export type AdminFeedback = Prisma.MessageFeedbackGetPayload<{ select: typeof adminSelect }>;

/** One page of feedback, newest first (admin only: the caller checks). */
export async function listFeedback({
  filter,
  page,
}: {
  filter: FeedbackFilter;
  page: number;
}): Promise<{ items: AdminFeedback[]; total: number; pages: number }> {
  const where = whereOf(filter);
  const [items, total] = await Promise.all([
    db.messageFeedback.findMany({
      where,
      orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * FEEDBACK_PAGE_SIZE,
      take: FEEDBACK_PAGE_SIZE,
      select: adminSelect,
    }),
    db.messageFeedback.count({ where }),
  ]);
  return { items, total, pages: Math.max(1, Math.ceil(total / FEEDBACK_PAGE_SIZE)) };
}

/** Every matching vote in batches of `batch`, oldest first, for the JSON Lines export. */
export async function* eachFeedback(filter: FeedbackFilter, batch = 500): AsyncGenerator<AdminFeedback> {
  let after: string | undefined;
  for (;;) {
    const rows = await db.messageFeedback.findMany({
      where: { ...whereOf(filter), ...(after ? { id: { gt: after } } : {}) },
      orderBy: { id: "asc" },
      take: batch,
      select: adminSelect,
    });
    yield* rows;
    if (rows.length < batch) return;
    after = rows.at(-1)?.id;
  }
}
