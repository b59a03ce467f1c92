import "server-only";
import { createHash } from "node:crypto";
import { serializeDirectMessage } from "../api/serializers";
import { db, dialect } from "../db/client";
import { isUniqueViolation } from "../db/unique-violation";
import { AppError } from "../errors";
import { MAX_DIRECT_MESSAGE_CHARS } from "../limits";
import { forgetDirectMessageEvents, publishDirectEvents } from "./events";

export const DIRECT_MESSAGE_MAX_LENGTH = MAX_DIRECT_MESSAGE_CHARS;
const PAGE_LIMIT = 50;
const QUOTE_LENGTH = 200;
export const SUGGESTION_MIN_PREFIX = 2;
export const SUGGESTION_LIMIT = 10;

/** One thread per pair of people, whoever wrote first: a stable id derived from both user ids. */
export function threadIdFor(a: string, b: string): string {
  const hex = createHash("sha256").update([a, b].sort().join(":")).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

const personSelect = { id: true, username: true, fullName: true } as const;
type Person = { id: string; username: string; fullName: string | null };

export interface DirectPerson {
  id: string | null;
  username: string;
  fullName: string | null;
  /** The account was deleted: its thread opens at `/direct/~<threadId>` and takes no replies. */
  deleted?: true;
}

const DELETED_PERSON: DirectPerson = { id: null, username: "deleted user", fullName: null, deleted: true };
/** Usernames never start with "~", so this addresses a thread with a deleted account. */
const DELETED_THREAD_PREFIX = "~";

const messageInclude = {
  sender: { select: personSelect },
  recipient: { select: personSelect },
  parent: { select: { id: true, content: true, sender: { select: personSelect } } },
} as const;

export interface DirectMessageView {
  id: string;
  threadId: string;
  /** Null once the sender's account is deleted. */
  senderId: string | null;
  from: string;
  to: string;
  content: string;
  parentId: string | null;
  parent: { id: string; from: string; content: string } | null;
  readAt: Date | null;
  createdAt: Date;
}

// Optional chaining: an account's deletion may leave its messages to the other person without a sender row.
type MessageRow = {
  id: string;
  threadId: string;
  senderId: string | null;
  content: string;
  parentId: string | null;
  readAt: Date | null;
  createdAt: Date;
  sender?: Person | null;
  recipient?: Person | null;
  parent?: { id: string; content: string; sender?: Person | null } | null;
};

const DELETED_USER = DELETED_PERSON.username;

function view(row: MessageRow): DirectMessageView {
  return {
    id: row.id,
    threadId: row.threadId,
    senderId: row.senderId,
    from: row.sender?.username ?? DELETED_USER,
    to: row.recipient?.username ?? DELETED_USER,
    content: row.content,
    parentId: row.parentId,
    parent: row.parent
      ? {
          id: row.parent.id,
          from: row.parent.sender?.username ?? DELETED_USER,
          content: row.parent.content.slice(0, QUOTE_LENGTH),
        }
      : null,
    readAt: row.readAt,
    createdAt: row.createdAt,
  };
}

async function findPerson(username: string): Promise<Person> {
  const user = await db.user.findFirst({
    where: { username: username.trim(), isActive: true, deletedAt: null },
    select: personSelect,
  });
  if (!user) throw new AppError("not_found:user", { message: `There is no active user called "${username}".` });
  return user;
}

async function blockBetween(a: string, b: string) {
  return db.userBlock.findFirst({
    where: {
      OR: [
        { blockerId: a, blockedId: b },
        { blockerId: b, blockedId: a },
      ],
    },
    select: { blockerId: true },
  });
}

export async function sendDirectMessage(input: {
  senderId: string;
  recipientUsername: string;
  content: string;
  parentId?: string | null;
}): Promise<DirectMessageView> {
  const content = input.content.trim();
  if (!content) throw new AppError("validation:content", { message: "Write a message first." });
  if (content.length > DIRECT_MESSAGE_MAX_LENGTH) {
    throw new AppError("validation:content", {
      message: `Messages have at most ${DIRECT_MESSAGE_MAX_LENGTH} characters.`,
    });
  }
  const recipient = await findPerson(input.recipientUsername);
  if (recipient.id === input.senderId)
    throw new AppError("validation:recipient", { message: "You cannot message yourself." });
  const block = await blockBetween(input.senderId, recipient.id);
  if (block?.blockerId === input.senderId) {
    throw new AppError("conflict:blocked", { message: `You blocked ${recipient.username}. Unblock them to write.` });
  }
  // Neutral: the sender is not told that they were blocked.
  if (block) throw new AppError("forbidden:direct_message", { message: "This person is not accepting your messages." });
  const threadId = threadIdFor(input.senderId, recipient.id);
  if (input.parentId) {
    const parent = await db.directMessage.findFirst({ where: { id: input.parentId, threadId }, select: { id: true } });
    if (!parent) {
      throw new AppError("not_found:direct_message", {
        message: "parent_id: not a message of this conversation.",
        fields: [{ field: "parent_id", message: "Not a message of this conversation." }],
      });
    }
  }
  const created = view(
    await db.directMessage.create({
      data: {
        senderId: input.senderId,
        recipientId: recipient.id,
        content,
        parentId: input.parentId ?? null,
        threadId,
      },
      include: messageInclude,
    }),
  );
  const recipientUnread = await countUnreadDirectMessages(recipient.id);
  await publishDirectEvents([
    {
      userId: recipient.id,
      kind: "message",
      data: { message: serializeDirectMessage(created), unread: recipientUnread },
    },
    {
      userId: input.senderId,
      kind: "message",
      data: { message: serializeDirectMessage(created), unread: await countUnreadDirectMessages(input.senderId) },
    },
  ]);
  return created;
}

export interface DirectThreadSummary {
  threadId: string;
  other: DirectPerson;
  lastMessage: { content: string; createdAt: Date; fromMe: boolean };
  unread: number;
}

/** The person's threads, most recent first (from their latest 500 messages: bounded, index-backed). */
export async function listDirectThreads(userId: string): Promise<DirectThreadSummary[]> {
  const recent = await db.directMessage.findMany({
    where: { OR: [{ senderId: userId }, { recipientId: userId }] },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 500,
    include: { sender: { select: personSelect }, recipient: { select: personSelect } },
  });
  const threads = new Map<string, DirectThreadSummary>();
  for (const m of recent) {
    const fromMe = m.senderId === userId;
    let thread = threads.get(m.threadId);
    if (!thread) {
      const other = (fromMe ? m.recipient : m.sender) as Person | null | undefined;
      thread = {
        threadId: m.threadId,
        other: other ?? DELETED_PERSON,
        lastMessage: { content: m.content, createdAt: m.createdAt, fromMe },
        unread: 0,
      };
      threads.set(m.threadId, thread);
    }
    if (!fromMe && !m.readAt) thread.unread += 1;
  }
  return [...threads.values()];
}

export function countUnreadDirectMessages(userId: string): Promise<number> {
  return db.directMessage.count({ where: { recipientId: userId, readAt: null } });
}

/** The thread with an active person, or (`~<threadId>`) one of the caller's threads with a deleted account. */
async function findThread(userId: string, otherUsername: string): Promise<{ other: DirectPerson; threadId: string }> {
  if (!otherUsername.startsWith(DELETED_THREAD_PREFIX)) {
    const other = await findPerson(otherUsername);
    return { other, threadId: threadIdFor(userId, other.id) };
  }
  const threadId = otherUsername.slice(DELETED_THREAD_PREFIX.length);
  const mine = await db.directMessage.findFirst({
    where: {
      threadId,
      OR: [
        { senderId: userId, recipientId: null },
        { recipientId: userId, senderId: null },
      ],
    },
    select: { id: true },
  });
  if (!mine) throw new AppError("not_found:direct_message");
  return { other: DELETED_PERSON, threadId };
}

/**
 * The newest messages between the caller and `otherUsername` (oldest first), and older ones before `beforeId`.
 * The web page marks what the caller received as read when it opens a thread (`markRead`); the API asks.
 */
export async function getDirectThread({
  userId,
  otherUsername,
  beforeId,
  limit = PAGE_LIMIT,
  markRead = true,
}: {
  userId: string;
  otherUsername: string;
  beforeId?: string;
  limit?: number;
  markRead?: boolean;
}) {
  const { other, threadId } = await findThread(userId, otherUsername);
  const before = beforeId
    ? await db.directMessage.findFirst({ where: { id: beforeId, threadId }, select: { id: true, createdAt: true } })
    : null;
  if (beforeId && !before) throw new AppError("bad_request:cursor", { message: "cursor: not one this API gave out." });
  const take = Math.min(Math.max(limit, 1), 100);
  const page = await db.directMessage.findMany({
    where: {
      threadId,
      ...(before
        ? { OR: [{ createdAt: { lt: before.createdAt } }, { createdAt: before.createdAt, id: { lt: before.id } }] }
        : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: take + 1,
    include: messageInclude,
  });
  if (markRead && other.id) await markDirectMessagesRead({ userId, otherUsername: other.username });
  const blocked = other.id
    ? await db.userBlock.findFirst({ where: { blockerId: userId, blockedId: other.id }, select: { id: true } })
    : null;
  return {
    other,
    threadId,
    blockedByMe: blocked !== null,
    messages: page.slice(0, take).reverse().map(view),
    hasMore: page.length > take,
  };
}

/**
 * Marks what the caller received as read (from one person, or from everyone) and tells both sides' streams:
 * the senders see the read receipt, the reader's other tabs the new unread count.
 */
export async function markDirectMessagesRead({
  userId,
  otherUsername,
}: {
  userId: string;
  otherUsername?: string;
}): Promise<{ count: number; readAt: Date }> {
  const other = otherUsername ? await findPerson(otherUsername) : null;
  const readAt = new Date();
  const where = { recipientId: userId, readAt: null, ...(other ? { senderId: other.id } : {}) };
  const unread = await db.directMessage.findMany({ where, select: { id: true, senderId: true }, take: 5000 });
  if (unread.length === 0) return { count: 0, readAt };
  await db.directMessage.updateMany({ where: { id: { in: unread.map((m) => m.id) }, readAt: null }, data: { readAt } });
  const reader = await db.user.findUnique({ where: { id: userId }, select: { username: true } });
  const bySender = new Map<string, string[]>();
  for (const m of unread) {
    if (m.senderId) bySender.set(m.senderId, [...(bySender.get(m.senderId) ?? []), m.id]);
  }
  const unreadNow = await countUnreadDirectMessages(userId);
  const senders = await db.user.findMany({ where: { id: { in: [...bySender.keys()] } }, select: personSelect });
  const events = [];
  for (const sender of senders) {
    const ids = bySender.get(sender.id) ?? [];
    events.push({
      userId: sender.id,
      kind: "read" as const,
      data: {
        with: reader?.username,
        by: reader?.username,
        ids,
        read_at: readAt,
        unread: await countUnreadDirectMessages(sender.id),
      },
    });
    events.push({
      userId,
      kind: "read" as const,
      data: { with: sender.username, by: reader?.username, ids, read_at: readAt, unread: unreadNow },
    });
  }
  await publishDirectEvents(events);
  return { count: unread.length, readAt };
}

/** The sender deletes a message of theirs; it is gone for both. Anyone else's: not found. */
export async function deleteDirectMessage({ id, userId }: { id: string; userId: string }): Promise<void> {
  const message = await db.directMessage.findFirst({ where: { id, senderId: userId }, include: messageInclude });
  if (!message) throw new AppError("not_found:direct_message");
  // Conditional: of two deletes at once, the one that removes nothing answers "not found", not a 500.
  const { count } = await db.directMessage.deleteMany({ where: { id, senderId: userId } });
  if (count === 0) throw new AppError("not_found:direct_message");
  const removed = view(message);
  const recipientId = message.recipientId;
  await forgetDirectMessageEvents(id, recipientId ? [userId, recipientId] : [userId]);
  await publishDirectEvents([
    ...(recipientId
      ? [
          {
            userId: recipientId,
            kind: "deleted" as const,
            data: { id, with: removed.from, unread: await countUnreadDirectMessages(recipientId) },
          },
        ]
      : []),
    { userId, kind: "deleted", data: { id, with: removed.to, unread: await countUnreadDirectMessages(userId) } },
  ]);
}

export async function blockUser({ userId, username }: { userId: string; username: string }) {
  const other = await findPerson(username);
  if (other.id === userId) throw new AppError("validation:username", { message: "You cannot block yourself." });
  const existing = await db.userBlock.findUnique({
    where: { blockerId_blockedId: { blockerId: userId, blockedId: other.id } },
  });
  if (existing) return { person: other, createdAt: existing.createdAt, created: false };
  try {
    const block = await db.userBlock.create({ data: { blockerId: userId, blockedId: other.id } });
    return { person: other, createdAt: block.createdAt, created: true };
  } catch (error) {
    // Blocked twice at once: the other request's block stands, and this one answers with it.
    if (!isUniqueViolation(error)) throw error;
    const raced = await db.userBlock.findUniqueOrThrow({
      where: { blockerId_blockedId: { blockerId: userId, blockedId: other.id } },
    });
    return { person: other, createdAt: raced.createdAt, created: false };
  }
}

export async function unblockUser({ userId, username }: { userId: string; username: string }): Promise<void> {
  const other = await db.user.findFirst({ where: { username: username.trim() }, select: { id: true } });
  const removed = other
    ? await db.userBlock.deleteMany({ where: { blockerId: userId, blockedId: other.id } })
    : { count: 0 };
  if (removed.count === 0) throw new AppError("not_found:block", { message: `You have not blocked "${username}".` });
}

export async function listBlocks(userId: string) {
  const rows = await db.userBlock.findMany({
    where: { blockerId: userId },
    orderBy: { createdAt: "desc" },
    take: 1000,
    include: { blocked: { select: personSelect } },
  });
  return rows.map((r) => ({ person: r.blocked, createdAt: r.createdAt }));
}

/**
 * Active people whose username starts with `prefix`, for the recipient field: never the caller, never
 * anyone either side has blocked, never emails.
 */
export async function suggestRecipients({ userId, prefix }: { userId: string; prefix: string }) {
  const query = prefix.trim();
  if (query.length < SUGGESTION_MIN_PREFIX) return [];
  const blocks = await db.userBlock.findMany({
    where: { OR: [{ blockerId: userId }, { blockedId: userId }] },
    select: { blockerId: true, blockedId: true },
    take: 1000,
  });
  const excluded = new Set([userId, ...blocks.flatMap((b) => [b.blockerId, b.blockedId])]);
  const candidates = await db.user.findMany({
    where: {
      username: startsWithInsensitive(query),
      isActive: true,
      deletedAt: null,
      id: { notIn: [...excluded] },
    },
    orderBy: { username: "asc" },
    take: SUGGESTION_LIMIT,
    select: { username: true, fullName: true },
  });
  return candidates;
}

/**
 * Case-insensitive prefix, matched literally: Prisma puts it into LIKE unescaped (see containsInsensitive in
 * ./client). PostgreSQL needs `mode`; SQLite's LIKE is already case-insensitive for ASCII.
 */
function startsWithInsensitive(value: string): { startsWith: string } {
  const literal = value.replace(/[\\%_]/g, (c) => `\\${c}`);
  return dialect === "postgresql"
    ? ({ startsWith: literal, mode: "insensitive" } as { startsWith: string })
    : { startsWith: literal };
}
