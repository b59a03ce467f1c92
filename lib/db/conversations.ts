import "server-only";
import { z } from "zod";
import { AppError } from "../errors";
import { MAX_SYSTEM_PROMPT_CHARS, MAX_TITLE_CHARS } from "../limits";
import { detachProjectFiles } from "./attachments";
import { containsInsensitive, db, type Prisma } from "./client";
import { isUniqueViolation } from "./unique-violation";

export const MAX_PAGE_SIZE = 100;
export const MAX_TITLE_LENGTH = MAX_TITLE_CHARS;
export const MAX_SYSTEM_PROMPT_LENGTH = MAX_SYSTEM_PROMPT_CHARS;

const conversationSelect = {
  id: true,
  userId: true,
  title: true,
  modelId: true,
  systemPrompt: true,
  pinned: true,
  archived: true,
  deletedAt: true,
  currentLeafId: true,
  projectId: true,
  createdAt: true,
  updatedAt: true,
} as const;

export type Conversation = Prisma.ConversationGetPayload<{ select: typeof conversationSelect }>;

export interface NewConversation {
  userId: string;
  id?: string;
  title?: string | null;
  modelId?: string | null;
  systemPrompt?: string | null;
  /** Checked as the caller's project (`not_found:project` otherwise). */
  projectId?: string | null;
}

/** `not_found:project` unless the project is the caller's: nobody starts or moves a chat into another's project. */
async function assertOwnProject(projectId: string | null | undefined, userId: string): Promise<void> {
  if (!projectId) return;
  const found = await db.project.findFirst({ where: { id: projectId, userId }, select: { id: true } });
  if (!found) throw new AppError("not_found:project");
}

/** Creates a conversation owned by `userId`. An id that already exists (anyone's) is a conflict. */
export async function createConversation(input: NewConversation): Promise<Conversation> {
  await assertOwnProject(input.projectId, input.userId);
  try {
    return await db.conversation.create({
      data: {
        id: input.id,
        userId: input.userId,
        title: clip(input.title, MAX_TITLE_LENGTH),
        modelId: input.modelId ?? null,
        systemPrompt: input.systemPrompt ?? null,
        projectId: input.projectId ?? null,
      },
      select: conversationSelect,
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict:conversation", { message: "That id is taken." });
    throw error;
  }
}

/**
 * The caller's conversation with this id, creating it when it does not exist yet (the UI picks the id of a
 * new chat). Another user's id is `not_found`, never reused; concurrent calls create one row.
 */
export async function getOrCreateConversation(input: NewConversation & { id: string }): Promise<Conversation> {
  const existing = await getConversation({ id: input.id, userId: input.userId });
  if (existing) return existing;
  try {
    return await createConversation(input);
  } catch (error) {
    if (!(error instanceof AppError && error.code === "conflict:conversation")) throw error;
    const raced = await getConversation({ id: input.id, userId: input.userId, includeTrashed: true });
    if (raced?.deletedAt) throw trashedError();
    if (raced) return raced;
    throw new AppError("not_found:conversation");
  }
}

/** The caller's conversation or null; trashed ones only with `includeTrashed`. */
export function getConversation({
  id,
  userId,
  includeTrashed = false,
}: {
  id: string;
  userId: string;
  includeTrashed?: boolean;
}): Promise<Conversation | null> {
  return db.conversation.findFirst({
    where: { id, userId, ...(includeTrashed ? {} : { deletedAt: null }) },
    select: conversationSelect,
  });
}

/** Like getConversation but throws `not_found:conversation` (HTTP 404). */
export async function requireConversation(args: {
  id: string;
  userId: string;
  includeTrashed?: boolean;
}): Promise<Conversation> {
  const conversation = await getConversation(args);
  if (!conversation) throw new AppError("not_found:conversation");
  return conversation;
}

// Dates Parley itself wrote: both databases store years 1970-9999, and year 0000 is not a date at all.
const CursorSchema = z.tuple([
  z.boolean(),
  z.iso.datetime().refine((d) => /^(19[7-9]\d|[2-9]\d{3})-/.test(d)),
  z.string().min(1).max(200),
]);

function encodeCursor(c: Pick<Conversation, "pinned" | "updatedAt" | "id">): string {
  return Buffer.from(JSON.stringify([c.pinned, c.updatedAt.toISOString(), c.id])).toString("base64url");
}

function decodeCursor(cursor: string): { pinned: boolean; updatedAt: Date; id: string } {
  try {
    const [pinned, updatedAt, id] = CursorSchema.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    return { pinned, updatedAt: new Date(updatedAt), id };
  } catch {
    throw new AppError("bad_request:cursor", { message: "The cursor is not valid." });
  }
}

export interface ListConversationsInput {
  userId: string;
  cursor?: string | null;
  limit?: number;
  /** Default false: the sidebar shows unarchived conversations; true lists only archived ones. */
  archived?: boolean;
  /** Undefined: both; true: only pinned; false: only unpinned. */
  pinned?: boolean;
  /** Default false; true lists the trash. */
  trashed?: boolean;
  /** Matches the title or any message text, case-insensitive. */
  q?: string | null;
  /** False: `q` matches titles only (a caller who may list conversations but not read messages). */
  searchMessageText?: boolean;
}

/**
 * One page of the caller's conversations: pinned first, then most recently active, keyset-paginated.
 * Each section (pinned, unpinned) is read in `updatedAt, id` order, which the (userId, updatedAt) index
 * serves directly on both databases, so the first page costs the same with 10 or 10,000 conversations.
 */
export async function listConversations(
  input: ListConversationsInput,
): Promise<{ items: Conversation[]; nextCursor: string | null }> {
  const limit = clampLimit(input.limit, 30);
  const q = input.q?.trim().slice(0, 200);
  const base: Prisma.ConversationWhereInput[] = [
    { userId: input.userId },
    input.trashed ? { deletedAt: { not: null } } : { deletedAt: null },
  ];
  if (!input.trashed) base.push({ archived: input.archived ?? false });
  if (q) {
    const title = { title: containsInsensitive(q) };
    const messageText = { messages: { some: { content: containsInsensitive(q) } } };
    base.push(input.searchMessageText === false ? title : { OR: [title, messageText] });
  }
  const cursor = input.cursor ? decodeCursor(input.cursor) : null;
  const sections = (input.pinned === undefined ? [true, false] : [input.pinned]).filter(
    // After a cursor in the unpinned section, the pinned one is done.
    (pinned) => !(cursor && cursor.pinned === false && pinned),
  );

  const rows: Conversation[] = [];
  for (const pinned of sections) {
    const and = [...base, { pinned }];
    if (cursor && cursor.pinned === pinned) {
      and.push({ updatedAt: { lte: cursor.updatedAt } });
      and.push({ OR: [{ updatedAt: { lt: cursor.updatedAt } }, { id: { lt: cursor.id } }] });
    }
    rows.push(
      ...(await db.conversation.findMany({
        where: { AND: and },
        orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
        take: limit + 1 - rows.length,
        select: conversationSelect,
      })),
    );
    if (rows.length > limit) break;
  }
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

export interface ConversationPatch {
  title?: string | null;
  pinned?: boolean;
  archived?: boolean;
  modelId?: string | null;
  systemPrompt?: string | null;
  /** Moves the conversation into the caller's project, or out of any (null). */
  projectId?: string | null;
}

/** Applies the patch to the caller's (non-trashed) conversation; `not_found:conversation` otherwise. */
export async function updateConversation({
  id,
  userId,
  patch,
}: {
  id: string;
  userId: string;
  patch: ConversationPatch;
}): Promise<Conversation> {
  const data: Prisma.ConversationUncheckedUpdateManyInput = {};
  if (patch.projectId !== undefined) {
    await assertOwnProject(patch.projectId, userId);
    data.projectId = patch.projectId;
  }
  if (patch.title !== undefined) data.title = clip(patch.title, MAX_TITLE_LENGTH);
  if (patch.pinned !== undefined) data.pinned = patch.pinned;
  if (patch.archived !== undefined) data.archived = patch.archived;
  if (patch.modelId !== undefined) data.modelId = patch.modelId;
  if (patch.systemPrompt !== undefined) data.systemPrompt = clip(patch.systemPrompt, MAX_SYSTEM_PROMPT_LENGTH);
  const { count } = await db.conversation.updateMany({ where: { id, userId, deletedAt: null }, data });
  if (count === 0) throw new AppError("not_found:conversation");
  return requireConversation({ id, userId });
}

/** Sets the title only when there is none yet, so a rename by the person is never overwritten. */
export async function setTitleIfEmpty({ id, userId, title }: { id: string; userId: string; title: string }) {
  const { count } = await db.conversation.updateMany({
    where: { id, userId, title: null },
    data: { title: clip(title, MAX_TITLE_LENGTH) },
  });
  return count > 0;
}

export async function moveConversationToTrash({ id, userId }: { id: string; userId: string }): Promise<void> {
  const { count } = await db.conversation.updateMany({
    where: { id, userId, deletedAt: null },
    data: { deletedAt: new Date() },
  });
  if (count === 0) throw new AppError("not_found:conversation");
}

export async function restoreConversation({ id, userId }: { id: string; userId: string }): Promise<Conversation> {
  const { count } = await db.conversation.updateMany({
    where: { id, userId, deletedAt: { not: null } },
    data: { deletedAt: null },
  });
  if (count === 0) throw new AppError("not_found:conversation");
  return requireConversation({ id, userId });
}

/** Deletes the conversation and its messages (trashed or not). */
export async function deleteConversationPermanently({ id, userId }: { id: string; userId: string }): Promise<void> {
  const where = { id, userId };
  const [, { count }] = await db.$transaction([detachProjectFiles(where), db.conversation.deleteMany({ where })]);
  if (count === 0) throw new AppError("not_found:conversation");
}

/** Deletes every trashed conversation of the caller; returns how many. */
export async function emptyTrash({ userId }: { userId: string }): Promise<number> {
  const where = { userId, deletedAt: { not: null } };
  const [, { count }] = await db.$transaction([detachProjectFiles(where), db.conversation.deleteMany({ where })]);
  return count;
}

/** Bumps updatedAt so the conversation moves to the top of the sidebar. */
export async function touchConversation({ id, userId }: { id: string; userId: string }): Promise<void> {
  await db.conversation.updateMany({ where: { id, userId }, data: { updatedAt: new Date() } });
}

/** Remembers the branch the person chose (any message of the conversation; the thread ends below it). */
export async function setCurrentLeaf({
  id,
  userId,
  messageId,
}: {
  id: string;
  userId: string;
  messageId: string;
}): Promise<void> {
  const message = await db.message.findFirst({
    where: { id: messageId, conversationId: id, conversation: { userId, deletedAt: null } },
    select: { id: true },
  });
  if (!message) throw new AppError("not_found:message");
  // Not @updatedAt-worthy: choosing a branch is not activity, so the sidebar order stays.
  await db.$executeRaw`UPDATE "Conversation" SET "currentLeafId" = ${messageId} WHERE id = ${id} AND "userId" = ${userId}`;
}

/** Why a message cannot go into this conversation: it is in the trash (say so), or it is not the caller's. */
export async function whyNotWritable({ id, userId }: { id: string; userId: string }): Promise<AppError> {
  const trashed = await getConversation({ id, userId, includeTrashed: true });
  return trashed?.deletedAt ? trashedError() : new AppError("not_found:conversation");
}

/** The refusal for a message into a trashed conversation: it says what to do instead of "Not found". */
export function trashedError(): AppError {
  return new AppError("conflict:conversation_trashed", {
    message: "This conversation is in the trash. Restore it to continue, or start a new chat.",
  });
}

export function clampLimit(limit: number | undefined, fallback: number): number {
  if (limit === undefined || !Number.isFinite(limit)) return fallback;
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(limit)));
}

function clip(value: string | null | undefined, max: number): string | null {
  if (value === undefined || value === null) return null;
  const trimmed = value.trim();
  return trimmed ? trimmed.slice(0, max) : null;
}
