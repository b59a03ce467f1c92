import "server-only";
import { AppError } from "../errors";
import { db } from "./client";
import { isUniqueViolation } from "./unique-violation";

// Projects, their files and the indexing jobs. Every function takes the caller's `userId` and filters by it;
// another person's project is `not_found:project`, never a hint that it exists.

export const MAX_FILES_PER_PROJECT = 200;

const projectSelect = {
  id: true,
  userId: true,
  name: true,
  instructions: true,
  createdAt: true,
  updatedAt: true,
} as const;

export const projectFileSelect = {
  id: true,
  projectId: true,
  attachmentId: true,
  status: true,
  error: true,
  indexedChars: true,
  textChars: true,
  passageCount: true,
  passageBytes: true,
  createdAt: true,
  updatedAt: true,
  attachment: { select: { name: true, mediaType: true, size: true, pageCount: true } },
} as const;

export interface Project {
  id: string;
  userId: string;
  name: string;
  instructions: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ProjectFile {
  id: string;
  projectId: string;
  attachmentId: string;
  /** "queued" | "indexing" | "ready" | "failed" */
  status: string;
  error: string | null;
  indexedChars: number;
  textChars: number | null;
  passageCount: number;
  passageBytes: number;
  createdAt: Date;
  updatedAt: Date;
  attachment: { name: string; mediaType: string; size: number; pageCount: number | null };
}

export function createProject(input: { userId: string; name: string; instructions?: string | null }): Promise<Project> {
  return db.project.create({
    data: { userId: input.userId, name: input.name, instructions: input.instructions ?? null },
    select: projectSelect,
  });
}

export function getProject({ id, userId }: { id: string; userId: string }): Promise<Project | null> {
  return db.project.findFirst({ where: { id, userId }, select: projectSelect });
}

export async function requireProject(args: { id: string; userId: string }): Promise<Project> {
  const project = await getProject(args);
  if (!project) throw new AppError("not_found:project");
  return project;
}

export function listProjects({ userId }: { userId: string }): Promise<Project[]> {
  return db.project.findMany({
    where: { userId },
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
    select: projectSelect,
  });
}

export async function updateProject({
  id,
  userId,
  patch,
}: {
  id: string;
  userId: string;
  patch: { name?: string; instructions?: string | null };
}): Promise<Project> {
  const { count } = await db.project.updateMany({ where: { id, userId }, data: patch });
  if (count === 0) throw new AppError("not_found:project");
  return requireProject({ id, userId });
}

/**
 * Deletes the project, its files' passages and its links to files (the uploaded files stay the person's).
 * Its chats are moved out of it (`keep`) or to the trash with it (`trash`), in the same transaction.
 */
export async function deleteProject({
  id,
  userId,
  conversations,
}: {
  id: string;
  userId: string;
  conversations: "keep" | "trash";
}): Promise<void> {
  await db.$transaction(async (tx) => {
    const found = await tx.project.findFirst({ where: { id, userId }, select: { id: true } });
    if (!found) throw new AppError("not_found:project");
    if (conversations === "trash") {
      await tx.conversation.updateMany({
        where: { projectId: id, userId, deletedAt: null },
        data: { deletedAt: new Date(), projectId: null },
      });
    }
    await tx.conversation.updateMany({ where: { projectId: id, userId }, data: { projectId: null } });
    await tx.project.deleteMany({ where: { id, userId } });
  });
}

export function listProjectFiles({ projectId, userId }: { projectId: string; userId: string }): Promise<ProjectFile[]> {
  return db.projectFile.findMany({
    where: { projectId, userId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: projectFileSelect,
  });
}

/**
 * Adds an uploaded file of the caller's to the caller's project, queued for indexing. Adding a file that is
 * already in the project returns the row it has (already indexed or being indexed): nothing is indexed twice.
 */
export async function addProjectFile({
  projectId,
  userId,
  attachmentId,
}: {
  projectId: string;
  userId: string;
  attachmentId: string;
}): Promise<{ file: ProjectFile; created: boolean }> {
  await requireProject({ id: projectId, userId });
  const attachment = await db.attachment.findFirst({
    where: { id: attachmentId, userId },
    select: { id: true, mediaType: true },
  });
  if (!attachment) throw new AppError("not_found:file");
  if (attachment.mediaType.startsWith("image/")) {
    throw new AppError("validation:file", {
      message: "Images cannot be searched: add PDFs, text, Markdown, code or HTML files to a project.",
      fields: [{ field: "file_id", message: "Not a document." }],
    });
  }
  const existing = await findProjectFile({ projectId, userId, attachmentId });
  if (existing) return { file: existing, created: false };
  const count = await db.projectFile.count({ where: { projectId, userId } });
  if (count >= MAX_FILES_PER_PROJECT) {
    throw new AppError("validation:files", { message: `A project can have at most ${MAX_FILES_PER_PROJECT} files.` });
  }
  try {
    const file = await db.projectFile.create({ data: { projectId, userId, attachmentId }, select: projectFileSelect });
    await db.project.updateMany({ where: { id: projectId, userId }, data: { updatedAt: new Date() } });
    return { file, created: true };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const raced = await findProjectFile({ projectId, userId, attachmentId });
    if (!raced) throw error;
    return { file: raced, created: false };
  }
}

function findProjectFile(where: { projectId: string; userId: string; attachmentId: string }) {
  return db.projectFile.findFirst({ where, select: projectFileSelect });
}

/** Removes a file from the project: its passages go with it (cascade); the uploaded file stays. */
export async function removeProjectFile({
  projectId,
  userId,
  attachmentId,
}: {
  projectId: string;
  userId: string;
  attachmentId: string;
}): Promise<void> {
  await requireProject({ id: projectId, userId });
  const { count } = await db.projectFile.deleteMany({ where: { projectId, userId, attachmentId } });
  if (count === 0) throw new AppError("not_found:file");
}

/** Bytes of the person's passages, counted with their files against the storage quota. */
export async function passageBytesOf(userId: string, tx: Pick<typeof db, "projectFile"> = db): Promise<number> {
  const sum = await tx.projectFile.aggregate({ where: { userId }, _sum: { passageBytes: true } });
  return sum._sum.passageBytes ?? 0;
}

/** The project's conversations (not trashed), newest activity first. */
export function listProjectConversations({ projectId, userId }: { projectId: string; userId: string }) {
  return db.conversation.findMany({
    where: { projectId, userId, deletedAt: null },
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
    select: { id: true, title: true, updatedAt: true },
    take: 200,
  });
}

/** Passages of one of the caller's project files around one of them (the citation view). */
export async function passagesAround({
  projectId,
  userId,
  attachmentId,
  passageId,
  radius = 20,
}: {
  projectId: string;
  userId: string;
  attachmentId: string;
  passageId: number | null;
  radius?: number;
}) {
  const file = await db.projectFile.findFirst({
    where: { projectId, userId, attachmentId },
    select: { id: true, attachment: { select: { name: true, mediaType: true, pageCount: true } } },
  });
  if (!file) return null;
  const idRange = passageId === null ? {} : { id: { gte: passageId - radius, lte: passageId + radius } };
  const passages = await db.passage.findMany({
    where: { projectFileId: file.id, userId, ...idRange },
    orderBy: { id: "asc" },
    select: { id: true, page: true, offset: true, text: true },
    take: passageId === null ? 2 * radius : undefined,
  });
  return { name: file.attachment.name, mediaType: file.attachment.mediaType, passages };
}

/** The caller's recent chats outside this project (to move one in). */
export function listChatsOutsideProject({ projectId, userId }: { projectId: string; userId: string }) {
  return db.conversation.findMany({
    where: { userId, deletedAt: null, OR: [{ projectId: null }, { projectId: { not: projectId } }] },
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
    select: { id: true, title: true },
    take: 50,
  });
}
