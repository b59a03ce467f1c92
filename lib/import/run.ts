import "server-only";
import { createReadStream } from "node:fs";
import { open, rm } from "node:fs/promises";
import { type ImportSkipReason, saveImportedConversations } from "../db/imports";
import { AppError, type FieldError } from "../errors";
import { log } from "../log";
import { looksLikeChatGpt, planChatGpt } from "./chatgpt";
import { ImportFormatError, jsonElements } from "./json-elements";
import { looksLikeParley, planParley } from "./parley";
import type { ConversationProblem, ImportFormat, PlannedConversation } from "./plan";
import { ensureRoomFor, newImportTempFile } from "./temp-files";
import { extractConversationsJson, ZIP_SIGNATURE } from "./zip";

// An import in two passes over a copy of the upload on disk: the first checks every conversation and stores
// nothing (a malformed file is refused whole, saying where), the second stores them one by one. Memory holds
// one conversation at a time, never the file.

const MAX_PROBLEMS = 20;
/** Conversations stored per transaction: commits, not rows, bound an import's time. */
const BATCH_CONVERSATIONS = 50;
const BATCH_MESSAGES = 5000;

export interface ImportedItem {
  index: number;
  title: string | null;
  status: "imported" | "skipped" | "failed";
  id: string | null;
  reason: string | null;
  messages: number;
  left_out: number;
  /** Messages cut to the limits a send obeys. */
  cut: number;
}

export interface ImportResult {
  object: "import";
  format: ImportFormat;
  imported: number;
  skipped: number;
  failed: number;
  /** Messages cut to the limits a send obeys, in every conversation imported. */
  messages_cut: number;
  conversations: ImportedItem[];
}

export interface PreparedImport {
  format: ImportFormat;
  total: number;
  run(onProgress?: (done: number, total: number) => void): Promise<ImportResult>;
  dispose(): Promise<void>;
}

const SKIP_REASONS: Record<ImportSkipReason, string> = {
  already_imported: "Already imported.",
  already_yours: "Already in your history.",
  empty: "Nothing to import: no message in it is shown.",
};

/**
 * Copies the body to a temporary file in Parley's data folder, refusing it (413) as soon as it is larger than
 * `maxBytes`.
 */
async function spool(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<string> {
  const file = await newImportTempFile("upload");
  const handle = await open(file, "wx", 0o600);
  let size = 0;
  try {
    for await (const chunk of body) {
      size += chunk.byteLength;
      if (size > maxBytes) throw tooLarge(maxBytes);
      await handle.write(chunk);
    }
  } catch (error) {
    await handle.close();
    await rm(file, { force: true });
    throw error;
  }
  await handle.close();
  return file;
}

export function tooLarge(maxBytes: number): AppError {
  return new AppError("payload_too_large:import", {
    message: `The file is larger than the ${formatMegabytes(maxBytes)} import limit.`,
  });
}

const formatMegabytes = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${Math.round(bytes / 1024)} KB`;

async function isZip(file: string): Promise<boolean> {
  const handle = await open(file, "r");
  try {
    const head = Buffer.alloc(ZIP_SIGNATURE.length);
    await handle.read(head, 0, head.length, 0);
    return head.equals(ZIP_SIGNATURE);
  } finally {
    await handle.close();
  }
}

/** ChatGPT's export as mailed (a .zip): its conversations.json in a file of its own, the zip removed. */
async function unzipIfZip(file: string, maxBytes: number): Promise<string> {
  try {
    if (!(await isZip(file))) return file;
  } catch (error) {
    await rm(file, { force: true });
    throw error;
  }
  const json = await newImportTempFile("json");
  try {
    await extractConversationsJson(file, json, maxBytes, ensureRoomFor);
    return json;
  } catch (error) {
    await rm(json, { force: true });
    throw error;
  } finally {
    await rm(file, { force: true });
  }
}

function planOf(value: unknown, format: ImportFormat) {
  return format === "chatgpt" ? planChatGpt(value, new Date()) : planParley(value);
}

function titleOf(value: unknown): string | null {
  if (!value || typeof value !== "object") return null;
  const record = value as { title?: unknown; conversation?: { title?: unknown } };
  const title = record.title ?? record.conversation?.title;
  return typeof title === "string" ? title.slice(0, 80) : null;
}

function elementsOf(file: string) {
  // Small reads: the scan of one is what other requests may wait for.
  return jsonElements(createReadStream(file, { highWaterMark: 64 * 1024 }));
}

/** Reads the whole file once without storing anything; throws 400 (not JSON) or 422 (what is wrong where). */
async function check(file: string): Promise<{ format: ImportFormat; total: number }> {
  let format: ImportFormat | undefined;
  let total = 0;
  const problems: FieldError[] = [];
  try {
    for await (const element of elementsOf(file)) {
      total++;
      const kind = looksLikeChatGpt(element.value) ? "chatgpt" : looksLikeParley(element.value) ? "parley" : null;
      format ??= kind ?? undefined;
      let found: ConversationProblem[] = [];
      if (!kind) {
        found = [
          {
            path: "",
            message: 'This is neither a ChatGPT conversation (it has no "mapping") nor a Parley export (no "format").',
          },
        ];
      } else if (kind !== format) {
        found = [{ path: "", message: "The file mixes ChatGPT conversations and Parley exports." }];
      } else {
        const planned = planOf(element.value, kind);
        if ("problems" in planned) found = planned.problems;
      }
      for (const problem of found.slice(0, 3)) {
        const title = titleOf(element.value);
        problems.push({
          field: [String(element.index), problem.path].filter(Boolean).join("."),
          message: `Conversation ${element.index + 1}${title ? ` ("${title}")` : ""}${problem.path ? `, ${problem.path}` : ""}: ${problem.message}`,
        });
      }
      if (problems.length >= MAX_PROBLEMS) break;
    }
  } catch (error) {
    if (error instanceof ImportFormatError) {
      throw new AppError("bad_request:import", {
        message: `Nothing was imported. ${error.message}`,
        fields: error.index === undefined ? undefined : [{ field: String(error.index), message: error.message }],
      });
    }
    throw error;
  }
  if (problems.length) {
    throw new AppError("validation:import", {
      message: `Nothing was imported. ${problems.length === 1 ? "One conversation is" : "Some conversations are"} not valid: ${problems
        .slice(0, 3)
        .map((p) => p.message)
        .join("; ")}${problems.length > 3 ? "; …" : ""}`,
      fields: problems,
    });
  }
  if (!format || total === 0) {
    throw new AppError("validation:import", { message: "Nothing was imported: the file holds no conversations." });
  }
  return { format, total };
}

/**
 * Receives an upload and checks it. The caller then runs the import (with progress) and always disposes of
 * it; on any refusal nothing was stored and the copy is already gone.
 */
export async function prepareImport({
  userId,
  body,
  maxBytes,
  declaredBytes,
}: {
  userId: string;
  body: ReadableStream<Uint8Array> | null;
  maxBytes: number;
  /** The request's Content-Length, when it has one. */
  declaredBytes?: number;
}): Promise<PreparedImport> {
  if (!body) throw new AppError("validation:import", { message: "Send the file as the request body." });
  await ensureRoomFor(declaredBytes || maxBytes);
  const file = await unzipIfZip(await spool(body, maxBytes), maxBytes);
  let checked: { format: ImportFormat; total: number };
  try {
    checked = await check(file);
  } catch (error) {
    await rm(file, { force: true });
    throw error;
  }
  const { format, total } = checked;
  return {
    format,
    total,
    dispose: () => rm(file, { force: true }),
    async run(onProgress) {
      const result: ImportResult = {
        object: "import",
        format,
        imported: 0,
        skipped: 0,
        failed: 0,
        messages_cut: 0,
        conversations: [],
      };
      let batch: { index: number; plan: PlannedConversation }[] = [];
      let batchMessages = 0;
      const flush = async () => {
        if (!batch.length) return;
        const saved = await saveImportedConversations({ userId, plans: batch.map((b) => b.plan) });
        for (const [i, { index, plan }] of batch.entries()) {
          const outcome = saved[i]!;
          const item: ImportedItem = {
            index,
            title: plan.title,
            status: outcome.status,
            id: outcome.status === "imported" ? outcome.id : null,
            reason:
              outcome.status === "skipped"
                ? SKIP_REASONS[outcome.reason]
                : outcome.status === "failed"
                  ? "It could not be saved. Import the file again to retry it."
                  : null,
            messages: plan.messages.length,
            left_out: plan.skippedNodes,
            cut: plan.cutMessages,
          };
          if (outcome.status === "imported") result.messages_cut += plan.cutMessages;
          if (outcome.status === "failed") {
            log.error("import.conversation_failed", { userId, index, error: outcome.error });
          }
          result[item.status]++;
          result.conversations.push(item);
        }
        onProgress?.(result.conversations.length, total);
        batch = [];
        batchMessages = 0;
      };
      for await (const element of elementsOf(file)) {
        const { plan } = planOf(element.value, format) as { plan: PlannedConversation };
        batch.push({ index: element.index, plan });
        batchMessages += plan.messages.length;
        if (batch.length >= BATCH_CONVERSATIONS || batchMessages >= BATCH_MESSAGES) await flush();
      }
      await flush();
      return result;
    },
  };
}
