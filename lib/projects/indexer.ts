import "server-only";
import { randomUUID } from "node:crypto";
import { attachmentLimits } from "../attachments/limits";
import { readPdfText } from "../attachments/pdf-text";
import { db } from "../db/client";
import { CLAIM_STALE_MS, type ClaimedJob, claimNextJob, failJob, renewClaim, storePassages } from "../db/project-jobs";
import { AppError } from "../errors";
import { log } from "../log";
import { processGlobal } from "../process-global";
import { splitPassages, type TextSection } from "./split";

// Indexes project files off the request: adding a file queues a job row and wakes this loop, which claims jobs
// one at a time (lib/db/project-jobs.ts) so each file is indexed once across instances. A PDF is read again by
// the bounded worker-thread reader (lib/attachments/pdf-text.ts: deadline, heap and memory caps), with a larger
// character budget than a chat attachment gets, page by page so passages cite their page.

/** Characters of one file's text that are indexed (about 2,000 pages of prose). */
export const MAX_INDEXED_CHARS = 5_000_000;
/** How often each instance looks for queued or abandoned jobs (a wake-up after adding a file is immediate). */
const SWEEP_MS = 30_000;

const state = processGlobal("parley.projectIndexer", () => ({
  worker: `${process.pid}-${randomUUID().slice(0, 8)}`,
  running: null as Promise<void> | null,
  again: false,
  sweep: null as NodeJS.Timeout | null,
}));

/** Starts indexing waiting jobs (if this instance is not already at it); resolves when none is left. */
export function wakeIndexer(): Promise<void> {
  if (state.running) {
    state.again = true;
    return state.running;
  }
  state.running = drain().finally(() => {
    state.running = null;
  });
  return state.running;
}

/** Every instance sweeps now and then, so a job whose instance died is finished by another. */
export function startIndexerSchedule(): void {
  if (state.sweep) return;
  state.sweep = setInterval(() => void wakeIndexer(), SWEEP_MS);
  state.sweep.unref();
  void wakeIndexer();
}

async function drain(): Promise<void> {
  do {
    state.again = false;
    for (;;) {
      const job = await claimNextJob(state.worker).catch((error) => {
        log.warn("projects.claim_failed", { error });
        return null;
      });
      if (!job) break;
      await indexJob(job);
    }
  } while (state.again);
}

async function indexJob(job: ClaimedJob): Promise<void> {
  const started = Date.now();
  // A slow file (a PDF may read for as long as CLAIM_STALE_MS) keeps its claim fresh while it is worked on, so
  // another instance does not take it as abandoned and index it a second time.
  const heartbeat = setInterval(() => void renewClaim(job.id, state.worker).catch(() => {}), CLAIM_STALE_MS / 4);
  heartbeat.unref();
  try {
    const file = await db.projectFile.findUnique({
      where: { id: job.id },
      select: { projectId: true },
    });
    if (!file) return;
    const sections = await sectionsOf(job);
    const passages = splitPassages(sections);
    const textChars = sections.reduce((sum, s) => sum + s.text.length, 0);
    if (!(await renewClaim(job.id, state.worker, textChars))) return;
    const stored = await storePassages({
      job,
      worker: state.worker,
      projectId: file.projectId,
      passages,
      textChars,
      limits: attachmentLimits(),
    });
    log.info("projects.file_indexed", {
      projectFileId: job.id,
      passages: passages.length,
      stored,
      ms: Date.now() - started,
    });
  } catch (error) {
    const message = error instanceof AppError ? error.message : "This file could not be indexed.";
    if (!(error instanceof AppError)) log.warn("projects.index_failed", { projectFileId: job.id, error });
    await failJob(job.id, state.worker, message).catch(() => {});
  } finally {
    clearInterval(heartbeat);
  }
}

/** The file's text: a PDF page by page (read again, bounded, off the thread), other files as stored at upload. */
async function sectionsOf(job: ClaimedJob): Promise<TextSection[]> {
  const attachment = await db.attachment.findFirst({
    where: { id: job.attachmentId, userId: job.userId },
    select: { mediaType: true, text: true },
  });
  if (!attachment) throw new AppError("not_found:file");
  if (attachment.mediaType === "application/pdf") {
    const row = await db.attachment.findFirst({ where: { id: job.attachmentId }, select: { data: true } });
    if (!row) throw new AppError("not_found:file");
    const pdf = await readPdfText(row.data, {
      maxChars: MAX_INDEXED_CHARS,
      deadlineMs: Math.max(attachmentLimits().readMs, 60_000),
    });
    return pdf.pages.map(({ page, text }) => ({ page, text }));
  }
  return [{ page: null, text: (attachment.text ?? "").slice(0, MAX_INDEXED_CHARS) }];
}
