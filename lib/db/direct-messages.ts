import "server-only";
import { createHash } from "node:crypto";
import { AppError } from "../errors";
import { db } from "./client";

export const DIRECT_MESSAGE_MAX_LENGTH = 4000;
const PAGE_LIMIT = 50;

/** One thread per pair of people, whoever wrote first: a stable id derived from both user ids. */
export function threadIdFor(a: string, b: string): string {
  const hex = createHash("sha256").update([a, b].sort().join(":")).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

const personSelect = { id: true, username: true, fullName: true } as const;

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

async function findRecipient(username: string) {
  const user = await db.user.findFirst({
    where: { username: username.trim(), isActive: true, deletedAt: null },
    select: personSelect,
  });
  if (!user) throw new AppError("not_found:user", { message: `There is no active user called "${username}".` });
  return user;
}

export async function sendDirectMessage(input: {
  senderId: string;
  recipientUsername: string;
  content: string;
  parentId?: string | null;
}) {
  const content = input.content.trim();
  if (!content) throw new AppError("validation:content", { message: "Write a message first." });
  if (content.length > DIRECT_MESSAGE_MAX_LENGTH) {
    throw new AppError("validation:content", {
      message: `Messages have at most ${DIRECT_MESSAGE_MAX_LENGTH} characters.`,
    });
  }
  const recipient = await findRecipient(input.recipientUsername);
  if (recipient.id === input.senderId)
    throw new AppError("validation:recipient", { message: "You cannot message yourself." });
  const threadId = threadIdFor(input.senderId, recipient.id);
  if (input.parentId) {
    const parent = await db.directMessage.findFirst({ where: { id: input.parentId, threadId }, select: { id: true } });
    if (!parent) throw new AppError("not_found:direct_message");
  }
  return db.directMessage.create({
    data: { senderId: input.senderId, recipientId: recipient.id, content, parentId: input.parentId ?? null, threadId },
  });
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
    orderBy: { createdAt: "desc" },
    take: 500,
    include: { sender: { select: personSelect }, recipient: { select: personSelect } },
  });
  const threads = new Map<string, DirectThreadSummary>();
  for (const m of recent) {
    const fromMe = m.senderId === userId;
    let thread = threads.get(m.threadId);
    if (!thread) {
      thread = {
        threadId: m.threadId,
        other: (fromMe ? m.recipient : m.sender) ?? DELETED_PERSON,
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

/**
 * The newest messages between the caller and `otherUsername` (oldest first), and older ones before `beforeId`.
 * Opening a thread marks what the caller received in it as read.
 */
/** The thread with an active person, or (`~<threadId>`) one of the caller's threads with a deleted account. */
async function findThread(userId: string, otherUsername: string): Promise<{ other: DirectPerson; threadId: string }> {
  if (!otherUsername.startsWith(DELETED_THREAD_PREFIX)) {
    const other = await findRecipient(otherUsername);
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

export async function getDirectThread({
  userId,
  otherUsername,
  beforeId,
  limit = PAGE_LIMIT,
}: {
  userId: string;
  otherUsername: string;
  beforeId?: string;
  limit?: number;
}) {
  const { other, threadId } = await findThread(userId, otherUsername);
  const before = beforeId
    ? await db.directMessage.findFirst({ where: { id: beforeId, threadId }, select: { id: true, createdAt: true } })
    : null;
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
    select: { id: true, senderId: true, content: true, createdAt: true, readAt: true, parentId: true },
  });
  await db.directMessage.updateMany({
    where: { threadId, recipientId: userId, readAt: null },
    data: { readAt: new Date() },
  });
  return { other, threadId, messages: page.slice(0, take).reverse(), hasMore: page.length > take };
}
