import type { MessagePart, MessageRole, MessageStatus } from "../message-types";
import { cutText, maxCharsFor } from "./limits";

// What an importer turns one conversation of a file into, before anything is stored: plain data with the
// file's own ids replaced by positions, so the same file can be imported by anyone without id clashes.

export type ImportFormat = "chatgpt" | "parley";

export interface PlannedMessage {
  /** Position in `messages`; parents always come before their children. */
  key: number;
  parentKey: number | null;
  role: MessageRole;
  content: string;
  parts: MessagePart[];
  status: MessageStatus;
  error: string | null;
  modelId: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  createdAt: Date;
}

export interface PlannedConversation {
  /** Unique per user: importing the same conversation again finds it ("chatgpt:<id>", "parley:<id>"). */
  source: string;
  /** For Parley's own export: the conversation's id, which the owner may still have. */
  originalId: string | null;
  title: string | null;
  modelId: string | null;
  systemPrompt: string | null;
  createdAt: Date;
  updatedAt: Date;
  messages: PlannedMessage[];
  /** The message whose branch was on screen, when the file says. */
  currentLeafKey: number | null;
  /** Nodes left out (system, tool, hidden, empty), for the summary. */
  skippedNodes: number;
  /** Messages cut to the limits a send obeys (lib/import/limits.ts), for the summary. */
  cutMessages: number;
}

/**
 * Cuts each message longer than a send allows (its text and its parts, which then become that text alone),
 * in place; answers how many were cut.
 */
export function cutLongMessages(messages: PlannedMessage[]): number {
  let cut = 0;
  for (const message of messages) {
    const max = maxCharsFor(message.role);
    const content = cutText(message.content, max);
    const partsTooLong = JSON.stringify(message.parts).length > 2 * max;
    if (content === null && !partsTooLong) continue;
    cut++;
    message.content = content ?? message.content;
    message.parts = [{ type: "text", text: message.content }];
  }
  return cut;
}

/** A problem with one conversation of a file: where it is and what is wrong. */
export interface ConversationProblem {
  path: string;
  message: string;
}

/** NUL and unpaired surrogates cannot be stored (PostgreSQL refuses NUL): replaced rather than refusing a file. */
export function storableText(text: string): string {
  return text
    .replaceAll("\u0000", "\uFFFD")
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
}

/** A seconds-since-epoch (ChatGPT) or ISO (Parley) time, or the fallback when absent or unreadable. */
export function toDate(value: unknown, fallback: Date): Date {
  if (typeof value === "number" && Number.isFinite(value) && value > 0) {
    const date = new Date(value * 1000);
    return Number.isNaN(date.getTime()) ? fallback : date;
  }
  if (typeof value === "string" && value) {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? fallback : date;
  }
  return fallback;
}

/** `storableText` applied to every string (and key) of a JSON value, e.g. message parts. */
export function storableJson(value: unknown): unknown {
  if (typeof value === "string") return storableText(value);
  if (Array.isArray(value)) return value.map(storableJson);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [storableText(k), storableJson(v)]));
  }
  return value;
}
