import "server-only";
import { AppError } from "../errors";
import type { MessagePart, MessageRole, MessageStatus, ThreadMessage } from "../message-types";
import { attachmentIdsInBranch, deleteUnreferencedAttachments } from "./attachments";
import { db, dialect, type Prisma } from "./client";
import { clampLimit, requireConversation } from "./conversations";
import { feedbackFor } from "./feedback";
import { rawDate, rawJson } from "./raw";
import { pruneSharedSnapshots } from "./shared-link-pruning";
import { isUniqueViolation } from "./unique-violation";

export type { MessagePart, MessageRole, MessageStatus, ThreadMessage };

const messageSelect = {
  id: true,
  conversationId: true,
  authorId: true,
  role: true,
  content: true,
  parts: true,
  toolCalls: true,
  toolOutputs: true,
  status: true,
  error: true,
  parentId: true,
  modelId: true,
  inputTokens: true,
  outputTokens: true,
  seq: true,
  createdAt: true,
  updatedAt: true,
} as const;

export type Message = Prisma.MessageGetPayload<{ select: typeof messageSelect }>;

const SEQ_RETRIES = 8;

/** A message of the caller's (non-trashed) conversation, or null. */
export function getMessage({ id, userId }: { id: string; userId: string }): Promise<Message | null> {
  return db.message.findFirst({
    where: { id, conversation: { userId, deletedAt: null } },
    select: messageSelect,
  });
}

/** Deletes the message and every reply below it (its branch), the files no other message carries, and what shared links of the conversation showed of them. */
export async function deleteMessage({ id, userId }: { id: string; userId: string }): Promise<void> {
  const where = { id, conversation: { userId, deletedAt: null } };
  const owned = await db.message.findFirst({ where, select: { conversationId: true } });
  if (!owned) throw new AppError("not_found:message");
  const files = await attachmentIdsInBranch({ messageId: id });
  const { count } = await db.message.deleteMany({ where });
  if (count === 0) throw new AppError("not_found:message");
  await deleteUnreferencedAttachments({ ids: files, userId });
  await pruneSharedSnapshots(owned.conversationId);
}

/** The conversation's messages flat by `seq` (all branches), keyset-paginated; the cursor is a seq. */
export async function listMessages({
  conversationId,
  userId,
  cursor,
  limit,
  order = "asc",
}: {
  conversationId: string;
  userId: string;
  cursor?: string | null;
  limit?: number;
  order?: "asc" | "desc";
}): Promise<{ items: Message[]; nextCursor: string | null }> {
  await requireConversation({ id: conversationId, userId });
  const take = clampLimit(limit, 50);
  let after: number | undefined;
  if (cursor) {
    after = Number(cursor);
    // seq is a 32-bit integer column: a larger number is not a cursor this API gave out.
    if (!/^\d{1,10}$/.test(cursor) || after > 2_147_483_647) {
      throw new AppError("bad_request:cursor", { message: "The cursor is not valid." });
    }
  }
  const rows = await db.message.findMany({
    where: {
      conversationId,
      ...(after === undefined ? {} : { seq: order === "asc" ? { gt: after } : { lt: after } }),
    },
    orderBy: { seq: order },
    take: take + 1,
    select: messageSelect,
  });
  const items = rows.slice(0, take);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > take && last ? String(last.seq) : null };
}

/** Positional placeholder n (1-based): `?` for SQLite, `$n` for PostgreSQL. Queries use each once, in order. */
const ph = (n: number) => (dialect === "sqlite" ? "?" : `$${n}`);

interface PathRow {
  id: string;
  depth: number | bigint;
}

/** Walks up from `startId` through parents: at most `limit` ids, nearest first. */
async function pathUp(conversationId: string, startId: string, limit: number): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<PathRow[]>(
    `WITH RECURSIVE path(id, "parentId", depth) AS (
       SELECT id, "parentId", 0 FROM "Message" WHERE id = ${ph(1)} AND "conversationId" = ${ph(2)}
       UNION ALL
       SELECT m.id, m."parentId", p.depth + 1 FROM "Message" m JOIN path p ON m.id = p."parentId"
       WHERE p.depth + 1 < ${ph(3)}
     )
     SELECT id, depth FROM path ORDER BY depth`,
    startId,
    conversationId,
    limit,
  );
  return rows.map((r) => r.id);
}

/** From `id`, follows the most recent reply at each level down to a leaf. */
async function latestLeafBelow(conversationId: string, id: string): Promise<string> {
  const rows = await db.$queryRawUnsafe<PathRow[]>(
    `WITH RECURSIVE down(id, depth) AS (
       SELECT id, 0 FROM "Message" WHERE id = ${ph(1)} AND "conversationId" = ${ph(2)}
       UNION ALL
       SELECT (SELECT c.id FROM "Message" c WHERE c."parentId" = d.id ORDER BY c.seq DESC LIMIT 1), d.depth + 1
       FROM down d
       WHERE d.id IS NOT NULL AND d.depth < 100000
     )
     SELECT id, depth FROM down WHERE id IS NOT NULL ORDER BY depth DESC LIMIT 1`,
    id,
    conversationId,
  );
  return rows[0]?.id ?? id;
}

/**
 * The id `getThread` would end the visible path at (the message a new one is sent after), in one round trip
 * for the usual case: `undefined` when the user has no such conversation (or it is in the trash), `null` when
 * it has no messages. Only a conversation whose person chose another branch costs two more queries.
 */
export async function currentLeafOf({
  conversationId,
  userId,
}: {
  conversationId: string;
  userId: string;
}): Promise<string | null | undefined> {
  const rows = await db.$queryRawUnsafe<{ chosen: string | null; newest: string | null }[]>(
    `SELECT c."currentLeafId" AS chosen,
       (SELECT m.id FROM "Message" m WHERE m."conversationId" = c.id ORDER BY m.seq DESC LIMIT 1) AS newest
     FROM "Conversation" c
     WHERE c.id = ${ph(1)} AND c."userId" = ${ph(2)} AND c."deletedAt" IS NULL`,
    conversationId,
    userId,
  );
  const row = rows[0];
  if (!row) return undefined;
  if (row.chosen && (await hasMessage(conversationId, row.chosen))) {
    return latestLeafBelow(conversationId, row.chosen);
  }
  return row.newest;
}

async function hasMessage(conversationId: string, id: string): Promise<boolean> {
  return (await db.message.findFirst({ where: { id, conversationId }, select: { id: true } })) !== null;
}

/**
 * The newest `limit` messages of the visible path, oldest first. The path ends at the latest leaf below
 * `leafId` (so passing a sibling's id switches branch), or at the most recent message when no leaf is given.
 * `beforeId` pages further up the same path (messages above it). Without either, the path is the branch the
 * person chose last (`Conversation.currentLeafId`), else the most recent message's.
 */
export async function getThread({
  conversationId,
  userId,
  leafId,
  beforeId,
  limit,
}: {
  conversationId: string;
  userId: string;
  leafId?: string | null;
  beforeId?: string | null;
  limit?: number;
}): Promise<{ messages: ThreadMessage[]; hasMore: boolean }> {
  const conversation = await requireConversation({ id: conversationId, userId });
  const take = clampLimit(limit, 50);
  let startId: string | null;
  if (beforeId) {
    const before = await db.message.findFirst({ where: { id: beforeId, conversationId }, select: { parentId: true } });
    if (!before) throw new AppError("not_found:message");
    startId = before.parentId;
  } else if (leafId) {
    const exists = await db.message.findFirst({ where: { id: leafId, conversationId }, select: { id: true } });
    if (!exists) throw new AppError("not_found:message");
    startId = await latestLeafBelow(conversationId, leafId);
  } else if (conversation.currentLeafId && (await hasMessage(conversationId, conversation.currentLeafId))) {
    startId = await latestLeafBelow(conversationId, conversation.currentLeafId);
  } else {
    const newest = await db.message.findFirst({
      where: { conversationId },
      orderBy: { seq: "desc" },
      select: { id: true },
    });
    startId = newest?.id ?? null;
  }
  if (!startId) return { messages: [], hasMore: false };

  const ids = await pathUp(conversationId, startId, take + 1);
  const hasMore = ids.length > take;
  const pageIds = ids.slice(0, take).reverse();
  // The ids come from this conversation's path; filtering by id alone keeps the primary key as the index.
  const rows = await db.message.findMany({ where: { id: { in: pageIds } }, select: messageSelect });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const ordered = pageIds.map((id) => byId.get(id)).filter((m): m is Message => Boolean(m));
  const [siblings, votes] = await Promise.all([
    siblingsOf(conversationId, ordered),
    feedbackFor({ userId, messageIds: ordered.filter((m) => m.role === "assistant").map((m) => m.id) }),
  ]);
  return {
    messages: ordered.map((m) => {
      const siblingIds = siblings.get(m.parentId ?? "") ?? [m.id];
      const feedback = votes.get(m.id) ?? null;
      return { ...toThreadMessage(m), siblingIds, siblingIndex: Math.max(0, siblingIds.indexOf(m.id)), feedback };
    }),
    hasMore,
  };
}

/** Where each of these messages sits in the conversation's tree: its parent and its versions (siblings, by seq). */
export async function getBranches({
  conversationId,
  ids,
}: {
  conversationId: string;
  ids: string[];
}): Promise<Map<string, Branch>> {
  const rows = await db.message.findMany({ where: { id: { in: ids }, conversationId }, select: messageSelect });
  const siblings = await siblingsOf(conversationId, rows);
  return new Map(
    rows.map((m) => {
      const siblingIds = siblings.get(m.parentId ?? "") ?? [m.id];
      return [m.id, { parentId: m.parentId, siblingIds, siblingIndex: Math.max(0, siblingIds.indexOf(m.id)) }];
    }),
  );
}

export interface Branch {
  parentId: string | null;
  siblingIds: string[];
  siblingIndex: number;
}

/** Sibling ids (same parent, by seq) keyed by parent id ("" for the roots). */
async function siblingsOf(conversationId: string, messages: Message[]): Promise<Map<string, string[]>> {
  const parentIds = [...new Set(messages.map((m) => m.parentId).filter((p): p is string => p !== null))];
  const hasRoot = messages.some((m) => m.parentId === null);
  const result = new Map<string, string[]>();
  // Two index-backed lookups (by parent; roots by conversation) rather than one OR the planner may scan for.
  const [children, roots] = await Promise.all([
    parentIds.length
      ? db.message.findMany({
          where: { parentId: { in: parentIds } },
          orderBy: { seq: "asc" },
          select: { id: true, parentId: true },
          take: 10_000,
        })
      : Promise.resolve([]),
    hasRoot
      ? db.message.findMany({
          where: { conversationId, parentId: null },
          orderBy: { seq: "asc" },
          select: { id: true, parentId: true },
          take: 1_000,
        })
      : Promise.resolve([]),
  ]);
  const rows = [...roots, ...children];
  for (const row of rows) {
    const key = row.parentId ?? "";
    const list = result.get(key) ?? [];
    list.push(row.id);
    result.set(key, list);
  }
  return result;
}

export function toThreadMessage(m: Message): Omit<ThreadMessage, "siblingIds" | "siblingIndex"> {
  return {
    id: m.id,
    role: m.role as MessageRole,
    parts: (Array.isArray(m.parts) ? m.parts : []) as MessagePart[],
    content: m.content,
    status: m.status as MessageStatus,
    error: m.error,
    modelId: m.modelId,
    parentId: m.parentId,
    createdAt: m.createdAt,
  };
}

export interface AssistantUpdate {
  parts?: MessagePart[];
  content?: string;
  status?: MessageStatus;
  error?: string | null;
  toolCalls?: unknown[];
  toolOutputs?: unknown[];
  inputTokens?: number | null;
  outputTokens?: number | null;
}

/**
 * Updates an assistant reply of the caller's conversation. With `onlyIfStreaming`, a reply that already
 * ended (stopped, failed) is left alone; returns whether a row changed.
 */
export async function updateAssistantMessage(
  {
    id,
    userId,
    update,
    onlyIfStreaming = false,
    orIfFailedWith,
  }: {
    id: string;
    userId: string;
    update: AssistantUpdate;
    onlyIfStreaming?: boolean;
    /** With `onlyIfStreaming`: also a reply already failed with exactly this error (its producer outlived that verdict). */
    orIfFailedWith?: string;
  },
  /** A transaction to write in (the reply's final save records its usage with it). */
  client: Pick<Prisma.TransactionClient, "message"> = db,
): Promise<boolean> {
  const data: Prisma.MessageUpdateManyMutationInput = {};
  if (update.parts !== undefined) data.parts = update.parts as Prisma.InputJsonValue;
  if (update.content !== undefined) data.content = update.content;
  if (update.status !== undefined) data.status = update.status;
  if (update.error !== undefined) data.error = update.error;
  if (update.toolCalls !== undefined) data.toolCalls = update.toolCalls as Prisma.InputJsonValue;
  if (update.toolOutputs !== undefined) data.toolOutputs = update.toolOutputs as Prisma.InputJsonValue;
  if (update.inputTokens !== undefined) data.inputTokens = update.inputTokens;
  if (update.outputTokens !== undefined) data.outputTokens = update.outputTokens;
  const { count } = await client.message.updateMany({
    where: {
      id,
      role: "assistant",
      conversation: { userId },
      ...(onlyIfStreaming && !orIfFailedWith ? { status: "streaming" } : {}),
      ...(onlyIfStreaming && orIfFailedWith
        ? { OR: [{ status: "streaming" }, { status: "error", error: orIfFailedWith }] }
        : {}),
    },
    data,
  });
  return count > 0;
}

/** The reply currently streaming in a conversation (the newest one), if any. */
export function getStreamingMessage({ conversationId, userId }: { conversationId: string; userId: string }) {
  return db.message.findFirst({
    where: { conversationId, status: "streaming", conversation: { userId } },
    orderBy: { seq: "desc" },
    select: messageSelect,
  });
}

/** The user's messages that are direct children of `parentId` (to find an existing reply to a message). */
export function getReplies({ parentId, userId }: { parentId: string; userId: string }) {
  return db.message.findMany({
    where: { parentId, conversation: { userId } },
    orderBy: { seq: "asc" },
    take: 100,
    select: messageSelect,
  });
}

interface PathMessageRow {
  id: string;
  role: string;
  parts: unknown;
  status: string;
  seq: number | bigint;
  depth: number | bigint;
}

/**
 * The path from the root down to `leafId` (at most `limit` newest messages, oldest first), in one query, for
 * building the model's context. Empty when the leaf is not in the caller's conversation.
 */
export async function getPath({
  conversationId,
  userId,
  leafId,
  limit = 100,
}: {
  conversationId: string;
  userId: string;
  leafId: string;
  limit?: number;
}): Promise<{ id: string; role: MessageRole; parts: MessagePart[]; status: MessageStatus; seq: number }[]> {
  const rows = await db.$queryRawUnsafe<PathMessageRow[]>(
    // The rows travel inside the recursion (no join back to "Message" afterwards) and ownership is an EXISTS
    // on the conversation's key: with fresh statistics, SQLite otherwise scans whole tables for those joins.
    `WITH RECURSIVE path(id, "parentId", role, parts, status, seq, depth) AS (
       SELECT m.id, m."parentId", m.role, m.parts, m.status, m.seq, 0 FROM "Message" m
       WHERE m.id = ${ph(1)} AND m."conversationId" = ${ph(2)} AND EXISTS (
         SELECT 1 FROM "Conversation" c WHERE c.id = m."conversationId" AND c."userId" = ${ph(3)} AND c."deletedAt" IS NULL
       )
       UNION ALL
       SELECT m.id, m."parentId", m.role, m.parts, m.status, m.seq, p.depth + 1 FROM path p JOIN "Message" m ON m.id = p."parentId"
       WHERE p.depth + 1 < ${ph(4)}
     )
     SELECT id, role, parts, status, seq, depth FROM path ORDER BY depth DESC`,
    leafId,
    conversationId,
    userId,
    clampLimit(limit, 100),
  );
  return rows.map((row) => ({
    id: row.id,
    role: row.role as MessageRole,
    parts: (typeof row.parts === "string" ? JSON.parse(row.parts) : row.parts) as MessagePart[],
    status: row.status as MessageStatus,
    seq: Number(row.seq),
  }));
}

export interface NewMessageRow {
  id: string;
  role: MessageRole;
  authorId: string | null;
  content: string;
  parts: MessagePart[];
  status: MessageStatus;
  parentId: string | null;
  modelId?: string | null;
  /** Files the message carries (already checked with `checkAttachable`), in order. */
  attachmentIds?: string[];
}

/**
 * The conversation messages are inserted into. With `currentLeafId` and `archived` as just read, a new reply
 * only updates the conversation when there is something to undo (a chosen branch, the archive); a branch
 * chosen or an archive made concurrently then simply counts as coming after this message.
 */
interface ConversationForInsert {
  id: string;
  userId: string;
  currentLeafId?: string | null;
  archived?: boolean;
}

/**
 * Inserts messages (e.g. the person's message and the reply's row) into a conversation the caller has just
 * loaded for its owner (the `Conversation` is the proof of ownership), in one transaction with consecutive
 * `seq`s, trying `seqHint` first. Throws a unique violation when one of the ids already exists.
 */
export async function insertMessages(
  conversation: ConversationForInsert,
  rows: NewMessageRow[],
  seqHint?: number,
): Promise<Message[]> {
  for (let attempt = 0; ; attempt++) {
    const first = attempt === 0 && seqHint !== undefined ? seqHint : (await lastSeq(conversation.id)) + 1;
    try {
      // Every row in one INSERT: without files to link and nothing to follow, that statement is the whole
      // write (atomic on its own), one round trip where a transaction of creates took four or five.
      const insert = () =>
        db.message.createManyAndReturn({
          data: rows.map(({ attachmentIds: _files, ...row }, i) => ({
            ...row,
            conversationId: conversation.id,
            parts: row.parts as Prisma.InputJsonValue,
            seq: first + i,
          })),
          select: messageSelect,
        });
      const links = rows.flatMap((row) =>
        (row.attachmentIds ?? []).map((attachmentId, position) => ({ messageId: row.id, attachmentId, position })),
      );
      const attachmentIds = links.map((link) => link.attachmentId);
      const attach = links.length
        ? [
            db.messageAttachment.createMany({ data: links }),
            // Sent files now belong to the conversation (deleting it deletes them).
            db.attachment.updateMany({
              where: { id: { in: attachmentIds }, userId: conversation.userId, conversationId: null },
              data: { conversationId: conversation.id },
            }),
          ]
        : [];
      // Following the new reply rides in the same transaction: no round trip of its own after the insert.
      const follow =
        rows.some((row) => row.role === "assistant") && mayNeedFollowing(conversation)
          ? [followNewReply(conversation.id)]
          : [];
      const inserted = (
        attach.length || follow.length
          ? (await db.$transaction([insert(), ...attach, ...follow]))[0]
          : await insertReturning(conversation.id, rows, first)
      ) as Message[];
      return rows.map((row) => inserted.find((m) => m.id === row.id) as Message);
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= SEQ_RETRIES) throw error;
      const ids = rows.map((row) => row.id);
      if (await db.message.findFirst({ where: { id: { in: ids } }, select: { id: true } })) throw error;
      // Another insert took the seq: try the next free one (with jitter after the first clash).
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
    }
  }
}

/** Every column of Message, as RETURNING names them (lib/db/message-insert.db.test.ts compares them with the schema). */
export const MESSAGE_RETURNING = `id, "conversationId", "authorId", role, content, parts, "toolCalls", "toolOutputs", status, error,
  "parentId", "modelId", "inputTokens", "outputTokens", seq, "createdAt", "updatedAt"`;

/**
 * The rows (without files) in one INSERT … RETURNING statement: atomic on its own, one round trip. Prisma's
 * createManyAndReturn took 2.1-2.4 ms on SQLite and 3.6-4 ms on PostgreSQL for two rows (it runs in a
 * transaction of its own), against 0.25 ms and about 1 ms for this statement, measured on this machine.
 * Dates are bound as Date parameters, as Prisma itself writes them (so Prisma reads them back the same way).
 */
async function insertReturning(conversationId: string, rows: NewMessageRow[], first: number): Promise<Message[]> {
  const now = new Date();
  const json = dialect === "sqlite" ? (n: number) => ph(n) : (n: number) => `CAST(${ph(n)} AS jsonb)`;
  const values: unknown[] = [];
  const tuples = rows.map((row, i) => {
    const at = values.length;
    values.push(
      row.id,
      conversationId,
      row.authorId,
      row.role,
      row.content,
      JSON.stringify(row.parts),
      row.status,
      row.parentId,
      row.modelId ?? null,
      first + i,
      now,
      now,
    );
    const p = (k: number) => ph(at + k);
    return `(${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${json(at + 6)}, ${p(7)}, ${p(8)}, ${p(9)}, ${p(10)}, ${p(11)}, ${p(12)})`;
  });
  const returned = await db.$queryRawUnsafe<Record<string, unknown>[]>(
    `INSERT INTO "Message" (id, "conversationId", "authorId", role, content, parts, status, "parentId", "modelId", seq,
       "createdAt", "updatedAt")
     VALUES ${tuples.join(", ")}
     RETURNING ${MESSAGE_RETURNING}`,
    ...values,
  );
  const nullableNumber = (value: unknown) => (value === null || value === undefined ? null : Number(value));
  return returned.map((row) => ({
    id: String(row.id),
    conversationId: String(row.conversationId),
    authorId: (row.authorId ?? null) as string | null,
    role: String(row.role),
    content: String(row.content),
    parts: rawJson(row.parts) as Prisma.JsonValue,
    toolCalls: (row.toolCalls === null || row.toolCalls === undefined
      ? null
      : rawJson(row.toolCalls)) as Prisma.JsonValue,
    toolOutputs: (row.toolOutputs === null || row.toolOutputs === undefined
      ? null
      : rawJson(row.toolOutputs)) as Prisma.JsonValue,
    status: String(row.status),
    error: (row.error ?? null) as string | null,
    parentId: (row.parentId ?? null) as string | null,
    modelId: (row.modelId ?? null) as string | null,
    inputTokens: nullableNumber(row.inputTokens),
    outputTokens: nullableNumber(row.outputTokens),
    seq: Number(row.seq),
    createdAt: rawDate(row.createdAt) as Date,
    updatedAt: rawDate(row.updatedAt) as Date,
  })) as Message[];
}

export async function insertMessage(
  conversation: ConversationForInsert,
  row: NewMessageRow,
  seqHint?: number,
): Promise<Message> {
  const [message] = await insertMessages(conversation, [row], seqHint);
  return message as Message;
}

async function lastSeq(conversationId: string): Promise<number> {
  const last = await db.message.findFirst({
    where: { conversationId },
    orderBy: { seq: "desc" },
    select: { seq: true },
  });
  return last?.seq ?? 0;
}

/**
 * Streaming replies whose heartbeat stopped before `before` (any user's: the reaper's system query). Uses the
 * (status, updatedAt) index.
 */
export async function findStaleReplies({ before, limit }: { before: Date; limit: number }): Promise<string[]> {
  const rows = await db.message.findMany({
    where: { status: "streaming", updatedAt: { lt: before } },
    select: { id: true },
    take: limit,
  });
  return rows.map((row) => row.id);
}

/** Marks a stale streaming reply as failed, keeping its saved text; false when it moved on meanwhile. */
export async function failStaleReply({ id, before, error }: { id: string; before: Date; error: string }) {
  const { count } = await db.message.updateMany({
    where: { id, status: "streaming", updatedAt: { lt: before } },
    data: { status: "error", error },
  });
  return count > 0;
}

/**
 * A new reply (to a new message, an edit or a regeneration) is where the conversation is now: it comes back
 * from the archive (as in other chat apps) and the thread follows it rather than an earlier chosen branch.
 * Done when the reply's row is written (off the path to the first token), not when it ends: by then the
 * person may have switched branch or archived the conversation again.
 */
/** False only when the conversation was read with no chosen branch and not archived: nothing to follow. */
function mayNeedFollowing(conversation: ConversationForInsert): boolean {
  return conversation.currentLeafId !== null || conversation.archived !== false;
}

function followNewReply(conversationId: string) {
  return db.conversation.updateMany({
    where: { id: conversationId, OR: [{ currentLeafId: { not: null } }, { archived: true }] },
    data: { currentLeafId: null, archived: false },
  });
}

/**
 * A finished reply that paused for a tool approval, streaming again with the person's answer in its parts. A
 * compare-and-set on the row as the caller read it (`readAt` is its `updatedAt`): "still complete" is not enough,
 * since a continuation started by another answer ends complete again, and a late Allow would then overturn a
 * finished Deny (or run the tool a second time). Only one caller wins; the others find nothing to reopen.
 */
export async function reopenReply({
  id,
  userId,
  parts,
  readAt,
}: {
  id: string;
  userId: string;
  parts: MessagePart[];
  readAt: Date;
}): Promise<boolean> {
  const { count } = await db.message.updateMany({
    where: { id, role: "assistant", status: "complete", updatedAt: readAt, conversation: { userId } },
    data: { status: "streaming", error: null, parts: parts as Prisma.InputJsonValue },
  });
  return count === 1;
}

/**
 * Stores one answer of a paused reply while other calls of it still wait. Compare-and-set on the row as read
 * (`readAt`), so two answers given at once cannot each write their own copy of the parts and lose the other.
 */
export async function saveApprovalAnswer({
  id,
  userId,
  parts,
  readAt,
}: {
  id: string;
  userId: string;
  parts: MessagePart[];
  readAt: Date;
}): Promise<boolean> {
  const { count } = await db.message.updateMany({
    where: { id, role: "assistant", status: "complete", updatedAt: readAt, conversation: { userId } },
    data: { parts: parts as Prisma.InputJsonValue },
  });
  return count === 1;
}
