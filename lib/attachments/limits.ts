import "server-only";
import { env } from "../env";

const MB = 1024 * 1024;

export interface AttachmentLimits {
  maxFileBytes: number;
  perMessage: number;
  quotaBytes: number;
  /** Characters of one file's text given to the model. */
  textChars: number;
  /** Longest one PDF's text extraction may run. */
  readMs: number;
}

export function attachmentLimits(): AttachmentLimits {
  const config = env();
  return {
    maxFileBytes: Math.floor(config.PARLEY_ATTACHMENT_MAX_MB * MB),
    perMessage: config.PARLEY_ATTACHMENTS_PER_MESSAGE,
    quotaBytes: Math.floor(config.PARLEY_ATTACHMENT_QUOTA_MB * MB),
    textChars: config.PARLEY_ATTACHMENT_TEXT_CHARS,
    readMs: Math.round(config.PARLEY_ATTACHMENT_READ_SECONDS * 1000),
  };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < MB) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / MB).toFixed(1)} MB`;
}
