import "server-only";
import type { PlannedConversation } from "../import/plan";
import { bulkWriteClient, db, dialect, type Prisma } from "./client";
import { isDatabaseUnavailable } from "./unavailable";
import { isUniqueViolation } from "./unique-violation";

export type ImportSkipReason = "already_imported" | "already_yours" | "empty";

export type SaveImportResult =
  | { status: "imported"; id: string }
  | { status: "skipped"; reason: ImportSkipReason }
  | { status: "failed"; error: unknown };

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

const MESSAGE_COLUMNS = [
  "id",
  "conversationId",
  "authorId",
  "role",
  "content",
  "parts",
  "status",
  "error",
  "parentId",
  "modelId",
  "inputTokens",
  "outputTokens",
  "seq",
  "createdAt",
  "updatedAt",
] as const;
const ROWS_PER_INSERT = 500;

/**
 * Multi-row INSERTs for messages, through the uncached bulk client. Prisma's createMany costs about 3 ms a row
 * through the driver adapters (measured on this loaded machine), which made a 100,000-message import take
 * minutes; one statement per 500 rows stores the same values (dates and JSON read back identically on both
 * dialects, import.db.test.ts).
 */
function insertMessageRows(rows: unknown[][]): Prisma.PrismaPromise<number>[] {
  const bulk = bulkWriteClient();
  const statements: Prisma.PrismaPromise<number>[] = [];
  const partsAt = MESSAGE_COLUMNS.indexOf("parts");
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    const chunk = rows.slice(start, start + ROWS_PER_INSERT);
    let n = 0;
    const placeholder = (column: number) => {
      n++;
      if (dialect === "sqlite") return "?";
      return column === partsAt ? `$${n}::jsonb` : `$${n}`;
    };
    const values = chunk.map((row) => `(${row.map((_, column) => placeholder(column)).join(",")})`).join(",");
    statements.push(
      bulk.$executeRawUnsafe(
        `INSERT INTO "Message" (${MESSAGE_COLUMNS.map((c) => `"${c}"`).join(",")}) VALUES ${values}`,
        ...chunk.flat(),
      ),
    );
  }
  return statements;
}

interface ConversationRows {
  id: string;
  conversation: Prisma.ConversationCreateManyInput;
  messages: unknown[][];
}

/** One planned conversation as rows with fresh ids. */
function rowsFor(userId: string, plan: PlannedConversation): ConversationRows {
  const conversationId = crypto.randomUUID();
  const ids = plan.messages.map(() => crypto.randomUUID());
  return {
    id: conversationId,
    conversation: {
      id: conversationId,
      userId,
      title: plan.title,
      modelId: plan.modelId,
      systemPrompt: plan.systemPrompt,
      importSource: plan.source,
      currentLeafId: plan.currentLeafKey === null ? null : ids[plan.currentLeafKey]!,
      createdAt: plan.createdAt,
      updatedAt: plan.updatedAt,
    },
    messages: plan.messages.map((m) => [
      ids[m.key]!,
      conversationId,
      m.role === "user" ? userId : null,
      m.role,
      m.content,
      JSON.stringify(m.parts),
      m.status,
      m.error,
      m.parentKey === null ? null : ids[m.parentKey]!,
      m.modelId,
      m.inputTokens,
      m.outputTokens,
      m.key + 1,
      m.createdAt,
      m.createdAt,
    ]),
  };
}

/** Stores conversations whole or not at all: one transaction, conversations first, then their messages. */
function store(rows: ConversationRows[]) {
  const bulk = bulkWriteClient();
  return bulk.$transaction([
    bulk.conversation.createMany({ data: rows.map((r) => r.conversation) }),
    ...insertMessageRows(rows.flatMap((r) => r.messages)),
  ]);
}

/**
 * Stores planned conversations for `userId`, each whole or not at all, skipping those the user already
 * imported (the unique `(userId, importSource)` decides, also between two imports at once), those that are the
 * user's own conversations (a Parley export imported back) and those with nothing shown in them. One
 * transaction for the batch (an import of thousands of conversations is otherwise bound by commits); when it
 * clashes with a concurrent import, each conversation is retried on its own.
 */
export async function saveImportedConversations({
  userId,
  plans,
}: {
  userId: string;
  plans: PlannedConversation[];
}): Promise<SaveImportResult[]> {
  const results: (SaveImportResult | undefined)[] = plans.map((plan) =>
    plan.messages.length === 0 ? { status: "skipped", reason: "empty" } : undefined,
  );
  const originalIds = plans.flatMap((plan) => (plan.originalId ? [plan.originalId] : []));
  const own = originalIds.length
    ? new Set(
        (await db.conversation.findMany({ where: { userId, id: { in: originalIds } }, select: { id: true } })).map(
          (c) => c.id,
        ),
      )
    : new Set<string>();
  const seen = await existingImportSources({ userId, sources: plans.map((plan) => plan.source) });
  plans.forEach((plan, i) => {
    if (results[i]) return;
    if (plan.originalId && own.has(plan.originalId)) results[i] = { status: "skipped", reason: "already_yours" };
    else if (seen.has(plan.source)) results[i] = { status: "skipped", reason: "already_imported" };
    seen.add(plan.source);
  });
  const todo = plans.flatMap((plan, i) => (results[i] ? [] : [{ i, ...rowsFor(userId, plan) }]));
  if (todo.length) {
    try {
      await store(todo);
      for (const t of todo) results[t.i] = { status: "imported", id: t.id };
    } catch (error) {
      if (isDatabaseUnavailable(error)) throw error;
      // A clash with a concurrent import, or one conversation the database refuses: each on its own.
      for (const t of todo) {
        try {
          results[t.i] = await saveImportedConversation({ userId, plan: plans[t.i]! });
        } catch (single) {
          if (isDatabaseUnavailable(single)) throw single;
          results[t.i] = { status: "failed", error: single };
        }
      }
    }
  }
  return results as SaveImportResult[];
}

/** One conversation on its own (see saveImportedConversations). */
export async function saveImportedConversation({
  userId,
  plan,
}: {
  userId: string;
  plan: PlannedConversation;
}): Promise<Exclude<SaveImportResult, { status: "failed" }>> {
  if (plan.messages.length === 0) return { status: "skipped", reason: "empty" };
  if (plan.originalId) {
    const own = await db.conversation.findFirst({ where: { id: plan.originalId, userId }, select: { id: true } });
    if (own) return { status: "skipped", reason: "already_yours" };
  }
  const rows = rowsFor(userId, plan);
  try {
    await store([rows]);
  } catch (error) {
    if (isUniqueViolation(error)) return { status: "skipped", reason: "already_imported" };
    throw error;
  }
  return { status: "imported", id: rows.id };
}
