import "server-only";
import { inspectFile } from "../../attachments/inspect";
import { attachmentLimits } from "../../attachments/limits";
import { contentUrl } from "../../attachments/parts";
import { readUpload, tooLarge } from "../../attachments/upload";
import {
  type AttachmentMeta,
  createAttachment,
  deleteAttachment,
  getAttachment,
  getAttachmentContent,
} from "../../db/attachments";
import { AppError } from "../../errors";
import { refuseUnsafeText } from "../../http";
import { endpoint } from "../endpoint";
import type { FileOut } from "../file-schemas";
import { routes } from "../routes";

const MAX_NAME_CHARS = 255;

export function serializeFile(row: AttachmentMeta, textBudget = attachmentLimits().textChars): FileOut {
  return {
    object: "file",
    id: row.id,
    name: row.name,
    media_type: row.mediaType,
    size: row.size,
    width: row.width,
    height: row.height,
    page_count: row.pageCount,
    text_chars: row.textChars,
    text_truncated: (row.textChars ?? 0) > textBudget,
    text_note: row.textNote,
    sent: row.conversationId !== null,
    created_at: row.createdAt.toISOString(),
    url: contentUrl(row.id),
  };
}

export const uploadFile = endpoint(routes.uploadFile, async ({ request, principal }) => {
  const limits = attachmentLimits();
  const file = await readUpload(request, limits.maxFileBytes);
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes.byteLength > limits.maxFileBytes) throw tooLarge(limits.maxFileBytes);
  if (bytes.byteLength === 0) throw new AppError("validation:file", { message: "The file is empty." });
  const name = cleanName(file.name);
  const inspected = await inspectFile(bytes, name, { maxChars: limits.textChars, deadlineMs: limits.readMs });
  const stored = await createAttachment({ userId: principal.userId, name, data: bytes, ...inspected }, limits);
  return { body: serializeFile(stored) };
});

export const getFile = endpoint(routes.getFile, async ({ principal, params }) => {
  const row = await getAttachment({ id: params.id, userId: principal.userId });
  if (!row) throw new AppError("not_found:file");
  return { body: serializeFile(row) };
});

export const getFileContent = endpoint(routes.getFileContent, async ({ principal, params }) => {
  const row = await getAttachmentContent({ id: params.id, userId: principal.userId });
  if (!row) throw new AppError("not_found:file");
  const inline = row.mediaType.startsWith("image/");
  return new Response(row.data, {
    headers: {
      "content-type": row.mediaType.startsWith("text/") ? `${row.mediaType}; charset=utf-8` : row.mediaType,
      "content-length": String(row.size),
      "content-disposition": `${inline ? "inline" : "attachment"}; filename="${asciiName(row.name)}"; filename*=UTF-8''${encodeURIComponent(row.name)}`,
      "x-content-type-options": "nosniff",
      // Nothing in a served file may run, even if a browser were to render it as a document.
      "content-security-policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
      "cache-control": "private, max-age=3600",
    },
  });
});

export const deleteFile = endpoint(routes.deleteFile, async ({ principal, params }) => {
  await deleteAttachment({ id: params.id, userId: principal.userId });
  return { body: undefined };
});

function cleanName(raw: string): string {
  const base = raw.split(/[\\/]/).at(-1)?.trim() || "file";
  refuseUnsafeText({ name: base });
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  const name = base.replace(/[\u0000-\u001f\u007f]/g, "").slice(0, MAX_NAME_CHARS);
  return name || "file";
}

function asciiName(name: string): string {
  return name.replace(/[^\x20-\x7e]|["\\]/g, "_");
}
