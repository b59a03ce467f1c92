import "server-only";
import type { AttachmentLimits } from "../attachments/limits";
import { formatBytes } from "../attachments/limits";
import { AppError } from "../errors";
import { db, dialect, type Prisma } from "./client";
import { passageBytesOf } from "./projects";

// Everything but the bytes: lists and metadata never load file contents.
export const attachmentSelect = {
  id: true,
  userId: true,
  conversationId: true,
  name: true,
  mediaType: true,
  size: true,
  width: true,
  height: true,
  pageCount: true,
  textChars: true,
  textNote: true,
  createdAt: true,
} as const;

export interface AttachmentMeta {
  id: string;
  userId: string;
  conversationId: string | null;
  name: string;
  mediaType: string;
  size: number;
  width: number | null;
  height: number | null;
  pageCount: number | null;
  /** Length of the extracted text (PDFs, text files). */
  textChars: number | null;
  /** Why the text could not be read completely (a bound stopped the reader), or null. */
  textNote: string | null;
  createdAt: Date;
}

export interface NewAttachment {
  userId: string;
  name: string;
  mediaType: string;
  data: Uint8Array<ArrayBuffer>;
  width: number | null;
  height: number | null;
  pageCount: number | null;
  text: string | null;
  textNote?: string | null;
}

/**
 * Stores a file if it fits the person's quota. The check and the insert are one transaction (PostgreSQL locks
 * the person's row, SQLite writes one at a time), so parallel uploads cannot together pass the quota and a
 * refused upload leaves nothing behind.
 */
export async function createAttachment(input: NewAttachment, limits: AttachmentLimits): Promise<AttachmentMeta> {
  return db.$transaction(async (tx) => {
    if (dialect === "postgresql") await tx.$executeRaw`SELECT 1 FROM "User" WHERE id = ${input.userId} FOR UPDATE`;
    const files = await tx.attachment.aggregate({ where: { userId: input.userId }, _sum: { size: true } });
    // Project files' passages count too (lib/db/project-jobs.ts).
    const used = (files._sum.size ?? 0) + (await passageBytesOf(input.userId, tx));
    if (used + input.data.byteLength > limits.quotaBytes) {
      throw new AppError("payload_too_large:quota", {
        message: `This file would take your attachments past your ${formatBytes(limits.quotaBytes)} storage quota (${formatBytes(used)} used). Delete some files or conversations first.`,
      });
    }
    return tx.attachment.create({
      data: { ...input, size: input.data.byteLength, textChars: input.text?.length ?? null },
      select: attachmentSelect,
    });
  });
}

export function getAttachment({ id, userId }: { id: string; userId: string }): Promise<AttachmentMeta | null> {
  return db.attachment.findFirst({ where: { id, userId }, select: attachmentSelect });
}

export async function getAttachmentContent({ id, userId }: { id: string; userId: string }) {
  return db.attachment.findFirst({ where: { id, userId }, select: { ...attachmentSelect, data: true } });
}

export async function deleteAttachment({ id, userId }: { id: string; userId: string }): Promise<void> {
  const { count } = await db.attachment.deleteMany({ where: { id, userId } });
  if (count === 0) throw new AppError("not_found:file");
}

/**
 * The files a new message may carry: the caller's own, not sent in another conversation, at most
 * `perMessage`, in the order given. Anything else is refused before the message is stored.
 */
export async function checkAttachable({
  ids,
  userId,
  conversationId,
  perMessage,
}: {
  ids: string[];
  userId: string;
  conversationId: string;
  perMessage: number;
}): Promise<AttachmentMeta[]> {
  if (ids.length === 0) return [];
  if (new Set(ids).size !== ids.length) {
    throw new AppError("validation:attachments", {
      message: "The same file is attached twice.",
      fields: [{ field: "attachments", message: "Attach each file once." }],
    });
  }
  if (ids.length > perMessage) {
    throw new AppError("validation:attachments", {
      message: `A message can carry at most ${perMessage} files.`,
      fields: [{ field: "attachments", message: `At most ${perMessage} files.` }],
    });
  }
  const rows = await db.attachment.findMany({
    where: { id: { in: ids }, userId, OR: [{ conversationId: null }, { conversationId }] },
    select: attachmentSelect,
  });
  if (rows.length !== ids.length) throw new AppError("not_found:file", { message: "An attached file was not found." });
  return ids.map((id) => rows.find((row) => row.id === id) as AttachmentMeta);
}

export interface ModelAttachment {
  id: string;
  name: string;
  mediaType: string;
  size: number;
  width: number | null;
  height: number | null;
  pageCount: number | null;
  text: string | null;
  textNote: string | null;
  /** Images only. */
  data: Uint8Array | null;
}

/** What the model is given for these files of the caller's (bytes for images, extracted text otherwise). */
export async function attachmentsForModel({
  ids,
  userId,
}: {
  ids: string[];
  userId: string;
}): Promise<ModelAttachment[]> {
  if (ids.length === 0) return [];
  const rows = await db.attachment.findMany({
    where: { id: { in: ids }, userId },
    select: { ...attachmentSelect, text: true },
  });
  const images = rows.filter((row) => row.mediaType.startsWith("image/")).map((row) => row.id);
  const bytes = images.length
    ? await db.attachment.findMany({ where: { id: { in: images }, userId }, select: { id: true, data: true } })
    : [];
  return rows.map((row) => ({ ...row, data: bytes.find((b) => b.id === row.id)?.data ?? null }));
}

/** After messages were deleted: their files that no remaining message carries (and no project uses). */
export async function deleteUnreferencedAttachments({ ids, userId }: { ids: string[]; userId: string }) {
  if (ids.length === 0) return 0;
  const { count } = await db.attachment.deleteMany({
    where: {
      id: { in: ids },
      userId,
      conversationId: { not: null },
      messages: { none: {} },
      projectFiles: { none: {} },
    },
  });
  return count;
}

/**
 * Before conversations are deleted (their files go with them, by cascade): the files a project uses are
 * detached from them instead, so the project keeps the file and its passages. Run in the same transaction as
 * the delete.
 */
export function detachProjectFiles(conversation: Prisma.ConversationWhereInput & { userId: string }) {
  return db.attachment.updateMany({
    where: { userId: conversation.userId, conversation, projectFiles: { some: {} } },
    data: { conversationId: null },
  });
}

/** Ids of the files carried by a message and every reply below it. */
export async function attachmentIdsInBranch({ messageId }: { messageId: string }): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<{ attachmentId: string }[]>(
    `WITH RECURSIVE branch(id) AS (
       SELECT id FROM "Message" WHERE id = ${dialect === "sqlite" ? "?" : "$1"}
       UNION ALL
       SELECT m.id FROM "Message" m JOIN branch b ON m."parentId" = b.id
     )
     SELECT a."attachmentId" FROM "MessageAttachment" a JOIN branch b ON a."messageId" = b.id`,
    messageId,
  );
  return rows.map((row) => row.attachmentId);
}

const UNSENT_GRACE_MS = 24 * 60 * 60 * 1000;

/** Files uploaded more than a day ago and never sent with a message. */
export async function deleteUnsentAttachments(now = new Date()): Promise<number> {
  const { count } = await db.attachment.deleteMany({
    // A file in a project is kept for the project, sent or not.
    where: {
      conversationId: null,
      projectFiles: { none: {} },
      createdAt: { lte: new Date(now.getTime() - UNSENT_GRACE_MS) },
    },
  });
  return count;
}
