import "server-only";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { AppError } from "../errors";
import { log } from "../log";

// A PDF's text is read in a worker thread, never on the thread that answers requests: a hostile PDF (one content
// stream that inflates to a gigabyte of text operators) then costs that worker, which is stopped at a deadline,
// a heap cap or a memory cap, and the upload keeps what was read with a note. See README "Attachments".

/** Heap of one reader: a real document's text and pdf.js's objects fit in a fraction of it. */
const READER_HEAP_MB = 256;
/**
 * Memory outside the heap (pdf.js inflates streams into typed arrays, which the heap cap does not count) that
 * readers may add to the process before they are stopped: a 20 MB PDF's real streams need far less.
 */
const READER_BUFFER_MB = 512;
/** Pages read at most; the character budget usually stops reading much earlier. */
export const MAX_PDF_PAGES = 1000;
/** Readers at once per instance (each can use a core), and readers waiting for one of them. */
const CONCURRENT_READERS = 2;
const WAITING_READERS = 16;

const WORKER_FILE = path.join(process.cwd(), "lib", "attachments", "pdf-text.worker.mjs");

export interface PdfText {
  pageCount: number | null;
  text: string;
  /** The text page by page (1-based page numbers), for what cites a page (project passages). */
  pages: { page: number; text: string }[];
  /** Why the text could not be read completely, for the person and the model; null when it was. */
  note: string | null;
}

type WorkerMessage =
  | { type: "pages"; pageCount: number }
  | { type: "text"; page: number; text: string }
  | { type: "done"; complete: boolean; reason: "chars" | "pages" | null }
  | { type: "error"; message: string };

let running = 0;
const waiting: (() => void)[] = [];

async function slot(): Promise<() => void> {
  if (running >= CONCURRENT_READERS) {
    if (waiting.length >= WAITING_READERS) {
      throw new AppError("unavailable:busy", {
        message: "Parley is reading many documents right now. Try this upload again in a moment.",
        retryAfterSeconds: 5,
      });
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else {
    running++;
  }
  return () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
}

/**
 * The text of a PDF, at most about `maxChars` characters of it, read off the request thread within `deadlineMs`.
 * A damaged or encrypted PDF is refused; a PDF the reader could not finish is kept with what was read and a note.
 */
export async function readPdfText(
  bytes: Uint8Array,
  { maxChars, deadlineMs }: { maxChars: number; deadlineMs: number },
): Promise<PdfText> {
  const release = await slot();
  try {
    return await runReader(bytes, maxChars, deadlineMs);
  } finally {
    release();
  }
}

function runReader(bytes: Uint8Array, maxChars: number, deadlineMs: number): Promise<PdfText> {
  return new Promise((resolve, reject) => {
    const pages: string[] = [];
    const numbered: { page: number; text: string }[] = [];
    let pageCount: number | null = null;
    let settled = false;
    const worker = new Worker(WORKER_FILE, {
      // A copy: the worker owns (and pdf.js detaches) what it is given; the stored file stays intact.
      workerData: { bytes: new Uint8Array(bytes), maxChars, maxPages: MAX_PDF_PAGES },
      resourceLimits: { maxOldGenerationSizeMb: READER_HEAP_MB, maxYoungGenerationSizeMb: 32 },
    });
    const buffersAtStart = process.memoryUsage().arrayBuffers;

    const finish = (note: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      clearInterval(memoryWatch);
      void worker.terminate();
      resolve({
        pageCount,
        text: tidy(pages.join("\n")),
        pages: numbered.map((p) => ({ ...p, text: tidy(p.text) })),
        note,
      });
    };
    const fail = (error: AppError) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      clearInterval(memoryWatch);
      void worker.terminate();
      reject(error);
    };
    const stopped = (why: string) => {
      log.warn("attachments.pdf_reader_stopped", { why, pageCount, pagesRead: pages.length });
      finish(`The text could not be read completely: ${why}. The model reads what was read before that.`);
    };

    const deadline = setTimeout(
      () => stopped(`reading it took longer than ${Math.round(deadlineMs / 100) / 10} seconds`),
      deadlineMs,
    );
    const memoryWatch = setInterval(() => {
      if (process.memoryUsage().arrayBuffers - buffersAtStart > READER_BUFFER_MB * 1024 * 1024) {
        stopped("it needed more memory than Parley gives one document");
      }
    }, 100);

    worker.on("message", (message: WorkerMessage) => {
      if (message.type === "pages") pageCount = message.pageCount;
      else if (message.type === "text") {
        pages.push(message.text);
        numbered.push({ page: message.page, text: message.text });
      } else if (message.type === "done") {
        finish(
          message.reason === "pages"
            ? `The text could not be read completely: only the first ${MAX_PDF_PAGES} pages were read.`
            : null,
        );
      } else if (pageCount === null) {
        fail(unreadable(message.message));
      } else {
        stopped("a page could not be read");
      }
    });
    worker.on("error", (error: Error & { code?: string }) => {
      if (error.code === "ERR_WORKER_OUT_OF_MEMORY") stopped("it needed more memory than Parley gives one document");
      else if (pageCount === null) fail(unreadable(error.message));
      else stopped("the reader failed");
    });
    worker.on("exit", () => {
      if (!settled) stopped("the reader stopped early");
    });
  });
}

function unreadable(cause: string) {
  return new AppError("validation:pdf", {
    message: "This PDF could not be read (it may be damaged or encrypted).",
    cause: new Error(cause),
  });
}

function tidy(text: string): string {
  return text
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n")
    .trim();
}
