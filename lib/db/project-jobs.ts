import "server-only";
import type { AttachmentLimits } from "../attachments/limits";
import { formatBytes } from "../attachments/limits";
import { AppError } from "../errors";
import { db, dialect } from "./client";
import { passageBytesOf } from "./projects";

// The indexing jobs of project files, shared by every instance through the database: a job is claimed with a
// conditional UPDATE (only one instance's UPDATE changes the row), renewed while it runs, and taken over by
// another instance when its claim is older than CLAIM_STALE_MS (the instance died).

export const CLAIM_STALE_MS = 60_000;

export interface ClaimedJob {
  id: string;
  userId: string;
  attachmentId: string;
}

/** Claims the oldest job waiting (or abandoned) for `worker`; null when there is none. */
export async function claimNextJob(worker: string, now = new Date()): Promise<ClaimedJob | null> {
  const stale = new Date(now.getTime() - CLAIM_STALE_MS);
  const waiting = { OR: [{ status: "queued" }, { status: "indexing", claimedAt: { lt: stale } }] };
  for (let attempt = 0; attempt < 5; attempt++) {
    const candidate = await db.projectFile.findFirst({
      where: waiting,
      orderBy: { createdAt: "asc" },
      select: { id: true, userId: true, attachmentId: true },
    });
    if (!candidate) return null;
    const { count } = await db.projectFile.updateMany({
      where: { id: candidate.id, ...waiting },
      data: { status: "indexing", claimedBy: worker, claimedAt: now, error: null },
    });
    if (count === 1) return candidate;
  }
  return null;
}

/** Renews the claim; false when another instance took the job over (or the file was removed): stop then. */
export async function renewClaim(jobId: string, worker: string, indexedChars?: number): Promise<boolean> {
  const { count } = await db.projectFile.updateMany({
    where: { id: jobId, claimedBy: worker, status: "indexing" },
    data: { claimedAt: new Date(), ...(indexedChars === undefined ? {} : { indexedChars }) },
  });
  return count === 1;
}

export async function failJob(jobId: string, worker: string, error: string): Promise<void> {
  await db.projectFile.updateMany({
    where: { id: jobId, claimedBy: worker },
    data: { status: "failed", error, claimedBy: null },
  });
}

export interface NewPassage {
  page: number | null;
  offset: number;
  text: string;
}

/**
 * Stores a file's passages and marks the job ready, in one transaction: the quota check (files and passages
 * together; PostgreSQL locks the person's row, SQLite writes one at a time) and the writes see the same state.
 * Passages left by an earlier, abandoned attempt are replaced, so a file's passages are stored once.
 */
export async function storePassages({
  job,
  worker,
  projectId,
  passages,
  textChars,
  limits,
}: {
  job: ClaimedJob;
  worker: string;
  projectId: string;
  passages: NewPassage[];
  textChars: number;
  limits: AttachmentLimits;
}): Promise<boolean> {
  const bytes = passages.reduce((sum, p) => sum + Buffer.byteLength(p.text), 0);
  return db.$transaction(
    async (tx) => {
      if (dialect === "postgresql") await tx.$executeRaw`SELECT 1 FROM "User" WHERE id = ${job.userId} FOR UPDATE`;
      const mine = await tx.projectFile.findFirst({
        where: { id: job.id, claimedBy: worker, status: "indexing" },
        select: { id: true },
      });
      if (!mine) return false;
      const files = await tx.attachment.aggregate({ where: { userId: job.userId }, _sum: { size: true } });
      const used = (files._sum.size ?? 0) + (await passageBytesOf(job.userId, tx));
      if (used + bytes > limits.quotaBytes) {
        throw new AppError("payload_too_large:quota", {
          message: `Indexing this file needs ${formatBytes(bytes)}, which would take you past your ${formatBytes(limits.quotaBytes)} storage quota (${formatBytes(used)} used).`,
        });
      }
      await tx.passage.deleteMany({ where: { projectFileId: job.id } });
      const base = { projectFileId: job.id, projectId, userId: job.userId, attachmentId: job.attachmentId };
      for (let i = 0; i < passages.length; i += 500) {
        await tx.passage.createMany({ data: passages.slice(i, i + 500).map((p) => ({ ...base, ...p })) });
      }
      await tx.projectFile.update({
        where: { id: job.id },
        data: {
          status: "ready",
          claimedBy: null,
          passageCount: passages.length,
          passageBytes: bytes,
          indexedChars: textChars,
          textChars,
        },
      });
      return true;
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
}
