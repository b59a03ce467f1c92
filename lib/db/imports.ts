import "server-only";
import type { PlannedConversation } from "../import/plan";
import { db, type Prisma } from "./client";
import { isUniqueViolation } from "./conversations";

export type ImportSkipReason = "already_imported" | "already_yours" | "empty";

export type SaveImportResult = { status: "imported"; id: string } | { status: "skipped"; reason: ImportSkipReason };

/** Of these import sources, the ones this user already has a conversation for. */
export async function existingImportSources({
  userId,
  sources,
}: {
  userId: string;
  sources: string[];
}): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < sources.length; i += 500) {
    const rows = await db.conversation.findMany({
      where: { userId, importSource: { in: sources.slice(i, i + 500) } },
      select: { importSource: true },
    });
    for (const row of rows) if (row.importSource) found.add(row.importSource);
  }
  return found;
}

/**
 * Stores one planned conversation for `userId` with fresh ids, whole or not at all. Skips it when the user
 * already imported it (the unique `(userId, importSource)` decides, also between two imports at once), when
 * it is one of the user's own conversations (a Parley export imported back), or when nothing in it is shown.
 */
export async function saveImportedConversation({
  userId,
  plan,
}: {
  userId: string;
  plan: PlannedConversation;
}): Promise<SaveImportResult> {
  if (plan.messages.length === 0) return { status: "skipped", reason: "empty" };
  if (plan.originalId) {
    const own = await db.conversation.findFirst({ where: { id: plan.originalId, userId }, select: { id: true } });
    if (own) return { status: "skipped", reason: "already_yours" };
  }
  const conversationId = crypto.randomUUID();
  const ids = plan.messages.map(() => crypto.randomUUID());
  const rows: Prisma.MessageCreateManyInput[] = plan.messages.map((m) => ({
    id: ids[m.key]!,
    conversationId,
    authorId: m.role === "user" ? userId : null,
    role: m.role,
    content: m.content,
    parts: m.parts as Prisma.InputJsonValue,
    status: m.status,
    error: m.error,
    parentId: m.parentKey === null ? null : ids[m.parentKey]!,
    modelId: m.modelId,
    inputTokens: m.inputTokens,
    outputTokens: m.outputTokens,
    seq: m.key + 1,
    createdAt: m.createdAt,
    updatedAt: m.createdAt,
  }));
  try {
    await db.$transaction([
      db.conversation.create({
        data: {
          id: conversationId,
          userId,
          title: plan.title,
          modelId: plan.modelId,
          systemPrompt: plan.systemPrompt,
          importSource: plan.source,
          createdAt: plan.createdAt,
          updatedAt: plan.updatedAt,
        },
      }),
      db.message.createMany({ data: rows }),
      // Set after the messages exist; `updatedAt` again, since @updatedAt would otherwise say "now".
      db.conversation.update({
        where: { id: conversationId },
        data: {
          currentLeafId: plan.currentLeafKey === null ? null : ids[plan.currentLeafKey]!,
          updatedAt: plan.updatedAt,
        },
      }),
    ]);
  } catch (error) {
    if (isUniqueViolation(error)) return { status: "skipped", reason: "already_imported" };
    throw error;
  }
  return { status: "imported", id: conversationId };
}
