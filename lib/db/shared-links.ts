import "server-only";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { contentUrl } from "../attachments/parts";
import { AppError, isAppError } from "../errors";
import { SEARCH_TOOL, SOURCES_PART, sourcesOf } from "../projects/sources";
import { enforce, type RateLimitRule } from "../rate-limit";
import { getAttachmentContent } from "./attachments";
import { db, type Prisma } from "./client";
import { clampLimit, requireConversation } from "./conversations";
import { currentLeafOf, getPath, type MessagePart, type MessageRole, type MessageStatus } from "./messages";

/** How many messages of the path a snapshot keeps (the newest ones, up to the shared message). */
export const MAX_SHARED_MESSAGES = 100;

/** Each link and each copy stores up to 100 messages again: without a limit, one account could fill the disk. */
export const SHARES_PER_HOUR: RateLimitRule = { name: "share:user", limit: 30, windowSeconds: 3600 };
export const COPIES_PER_HOUR: RateLimitRule = { name: "share-copy:user", limit: 30, windowSeconds: 3600 };

/** 32 random bytes, base64url: 43 characters. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

const SnapshotMessage = z.object({
  id: z.string(),
  role: z.enum(["user", "assistant"]),
  parts: z.array(z.looseObject({ type: z.string() })),
  status: z.enum(["complete", "streaming", "aborted", "error"]),
  error: z.string().nullable(),
  modelId: z.string().nullable(),
  createdAt: z.string(),
});
export type SnapshotMessage = z.infer<typeof SnapshotMessage>;

const linkSelect = {
  id: true,
  token: true,
  conversationId: true,
  title: true,
  messageCount: true,
  views: true,
  createdAt: true,
} as const;

export type SharedLinkSummary = Prisma.SharedLinkGetPayload<{ select: typeof linkSelect }>;

export interface SharedSnapshot {
  title: string | null;
  createdAt: Date;
  messages: SnapshotMessage[];
}

/**
 * Snapshots the caller's conversation from its root down to `leafId` (the message on screen; the newest
 * message when omitted). Replies still being written are left out, and nothing added later ever shows.
 */
export async function createSharedLink({
  userId,
  conversationId,
  leafId,
}: {
  userId: string;
  conversationId: string;
  leafId?: string | null;
}): Promise<SharedLinkSummary> {
  const conversation = await requireConversation({ id: conversationId, userId });
  // Without a message, the branch the conversation shows (the one its person chose last), not the newest message.
  const leaf = leafId ?? (await currentLeafOf({ conversationId, userId }));
  if (!leaf)
    throw new AppError("validation:empty", { message: "There is nothing to share yet: send a message first." });
  const path = await getPath({ conversationId, userId, leafId: leaf, limit: MAX_SHARED_MESSAGES });
  if (path.length === 0) throw new AppError("not_found:message");
  const details = await db.message.findMany({
    where: { id: { in: path.map((m) => m.id) } },
    select: { id: true, modelId: true, error: true, createdAt: true },
  });
  const byId = new Map(details.map((d) => [d.id, d]));
  const messages: SnapshotMessage[] = path
    .filter((m) => (m.role === "user" || m.role === "assistant") && m.status !== "streaming")
    .map((m) => ({
      id: m.id,
      role: m.role as "user" | "assistant",
      parts: m.parts.map(withoutAccountData),
      status: m.status,
      error: byId.get(m.id)?.error ?? null,
      modelId: byId.get(m.id)?.modelId ?? null,
      createdAt: (byId.get(m.id)?.createdAt ?? new Date()).toISOString(),
    }));
  if (messages.length === 0) {
    throw new AppError("validation:empty", { message: "There is nothing to share yet: send a message first." });
  }
  await enforce(SHARES_PER_HOUR, userId, "You have created many links in the last hour. Try again later.");
  return db.sharedLink.create({
    data: {
      token: randomBytes(32).toString("base64url"),
      userId,
      conversationId,
      title: conversation.title,
      messages: messages as unknown as Prisma.InputJsonValue,
      messageCount: messages.length,
    },
    select: linkSelect,
  });
}

/** Tools whose results come from the rest of the owner's account (here: other conversations' titles and ids). */
const ACCOUNT_TOOLS = new Set(["tool-searchConversations"]);
const NOT_SHARED = "Not shared: these results came from the owner's other conversations.";

const NOT_SHARED_FILES = "Not shared: these results came from the owner's project files.";

/**
 * A snapshot shares this conversation, not the rest of the account: such a tool's results are left out, and
 * a project reply's sources keep their names and pages only (never the files' contents or ids).
 */
function withoutAccountData(part: MessagePart): MessagePart {
  if (part.type === SOURCES_PART) {
    return { type: SOURCES_PART, data: { sources: sourcesOf([part]).map(({ name, page }) => ({ name, page })) } };
  }
  if (part.type === `tool-${SEARCH_TOOL}` && part.output !== undefined) return { ...part, output: NOT_SHARED_FILES };
  if (!ACCOUNT_TOOLS.has(part.type) || part.output === undefined) return part;
  return { ...part, output: NOT_SHARED };
}

const CursorSchema = z.tuple([z.iso.datetime(), z.string().min(1).max(200)]);

/** The caller's links, newest first, keyset-paginated. */
export async function listSharedLinks({
  userId,
  cursor,
  limit,
}: {
  userId: string;
  cursor?: string | null;
  limit?: number;
}): Promise<{ items: (SharedLinkSummary & { conversationTitle: string | null })[]; nextCursor: string | null }> {
  const take = clampLimit(limit, 50);
  let after: { createdAt: Date; id: string } | null = null;
  if (cursor) {
    try {
      const [createdAt, id] = CursorSchema.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
      after = { createdAt: new Date(createdAt), id };
    } catch {
      throw new AppError("bad_request:cursor", { message: "The cursor is not valid." });
    }
  }
  const rows = await db.sharedLink.findMany({
    where: {
      userId,
      ...(after
        ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }
        : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: take + 1,
    select: { ...linkSelect, conversation: { select: { title: true } } },
  });
  const items = rows.slice(0, take).map(({ conversation, ...link }) => ({
    ...link,
    conversationTitle: conversation.title,
  }));
  const last = items.at(-1);
  const nextCursor =
    rows.length > take && last
      ? Buffer.from(JSON.stringify([last.createdAt.toISOString(), last.id])).toString("base64url")
      : null;
  return { items, nextCursor };
}

/**
 * For the settings page: a cursor that is not valid (an old or edited URL) starts over at the first page.
 * Anything else (the database being down, a bug) is thrown, to be seen rather than hidden behind a retry.
 */
export async function listSharedLinksOrFirstPage(input: { userId: string; cursor?: string | null; limit?: number }) {
  try {
    return await listSharedLinks(input);
  } catch (error) {
    if (input.cursor && isAppError(error) && error.code === "bad_request:cursor") {
      return listSharedLinks({ ...input, cursor: null });
    }
    throw error;
  }
}

/** Deletes one of the caller's links; the URL answers 404 from the next request on, on every instance. */
export async function deleteSharedLink({ id, userId }: { id: string; userId: string }): Promise<void> {
  const { count } = await db.sharedLink.deleteMany({ where: { id, userId } });
  if (count === 0) throw new AppError("not_found:share");
}

function liveLink(token: string): Prisma.SharedLinkWhereInput {
  // A trashed conversation or a deactivated owner hides the link; deleting either deletes it.
  return { token, conversation: { deletedAt: null }, user: { isActive: true, deletedAt: null } };
}

/** The snapshot behind a token, counting the view; null for an unknown, deleted or hidden link. */
export async function viewSharedLink(token: string): Promise<SharedSnapshot | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const link = await db.sharedLink.findFirst({
    where: liveLink(token),
    select: { id: true, title: true, createdAt: true, messages: true },
  });
  if (!link) return null;
  await db.sharedLink.updateMany({ where: { id: link.id }, data: { views: { increment: 1 } } });
  return { title: link.title, createdAt: link.createdAt, messages: parseSnapshot(link.messages) };
}

function parseSnapshot(value: unknown): SnapshotMessage[] {
  const parsed = z.array(SnapshotMessage).safeParse(typeof value === "string" ? JSON.parse(value) : value);
  return parsed.success ? parsed.data : [];
}

/** The address a shared page shows an image at: only through its link, so it goes when the link goes. */
export function sharedImageUrl(token: string, fileId: string): string {
  return `/share/${token}/images/${encodeURIComponent(fileId)}`;
}

/**
 * An image of a shared snapshot, for anyone holding the link: the file must be an image that a message of the
 * snapshot shows, and still belong to the link's owner. Other files (documents) stay private: the page names
 * them only.
 */
export async function getSharedImage({ token, fileId }: { token: string; fileId: string }) {
  if (!TOKEN_PATTERN.test(token)) return null;
  const link = await db.sharedLink.findFirst({ where: liveLink(token), select: { userId: true, messages: true } });
  if (!link) return null;
  const shown = parseSnapshot(link.messages).some((m) =>
    m.parts.some(
      (p) =>
        p.type === "file" &&
        p.url === contentUrl(fileId) &&
        typeof p.mediaType === "string" &&
        isShownImage(p.mediaType),
    ),
  );
  if (!shown) return null;
  const file = await getAttachmentContent({ id: fileId, userId: link.userId });
  return file && isShownImage(file.mediaType) ? file : null;
}

// SVG can carry scripts: uploads refuse it, and a shared page would not show it even if one slipped through.
const isShownImage = (mediaType: string) => mediaType.startsWith("image/") && !mediaType.includes("svg");

/**
 * Copies a shared snapshot into the caller's history as a new conversation (one branch, fresh ids) and
 * returns its id. Atomic: the copy appears whole or not at all.
 */
export async function copySharedConversation({ token, userId }: { token: string; userId: string }): Promise<string> {
  if (!TOKEN_PATTERN.test(token)) throw new AppError("not_found:share");
  const link = await db.sharedLink.findFirst({ where: liveLink(token), select: { title: true, messages: true } });
  if (!link) throw new AppError("not_found:share");
  await enforce(
    COPIES_PER_HOUR,
    userId,
    "You have copied many shared conversations in the last hour. Try again later.",
  );
  const messages = parseSnapshot(link.messages);
  const conversationId = crypto.randomUUID();
  let parentId: string | null = null;
  const rows: Prisma.MessageCreateManyInput[] = messages.map((m, index) => {
    const id = crypto.randomUUID();
    const row: Prisma.MessageCreateManyInput = {
      id,
      conversationId,
      authorId: m.role === "user" ? userId : null,
      role: m.role as MessageRole,
      content: textOf(m.parts as MessagePart[]),
      parts: m.parts as Prisma.InputJsonValue,
      status: m.status as MessageStatus,
      error: m.error,
      modelId: m.modelId,
      parentId,
      seq: index + 1,
    };
    parentId = id;
    return row;
  });
  await db.$transaction([
    db.conversation.create({ data: { id: conversationId, userId, title: link.title } }),
    db.message.createMany({ data: rows }),
  ]);
  return conversationId;
}

function textOf(parts: MessagePart[]): string {
  return parts
    .filter((p) => p.type === "text" && typeof p.text === "string")
    .map((p) => p.text as string)
    .join("");
}
