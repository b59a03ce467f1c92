import type { ChatMessage } from "./types";

/** The send request got no answer in time (the client gives up; the same message id can be retried). */
export class SendTimeoutError extends Error {
  constructor() {
    super("The server took too long to answer.");
    this.name = "SendTimeoutError";
  }
}

/**
 * What went wrong with a send, in words a person can act on. `refused`: the server looked at the message and
 * said no (429, 413, 422…), so retrying as is will not help; anything else (no network, a timeout, a 5xx, a
 * dropped stream) leaves the message to retry.
 */
export function describeApiError(error: Error): { message: string; refused: boolean } {
  const status = (error as { statusCode?: number }).statusCode;
  if (typeof status !== "number") return { message: describeFailure(error), refused: false };
  if (status >= 500) return { message: `The server had a problem (HTTP ${status}).`, refused: false };
  let message = "";
  try {
    message =
      (JSON.parse((error as { responseBody?: string }).responseBody ?? "") as { error?: { message?: string } }).error
        ?.message ?? "";
  } catch {
    message = "";
  }
  if (status === 429) message = message || "You are sending messages too quickly. Wait a moment and try again.";
  if (status === 413) message = message || "That message is too long.";
  if (status === 401) message = "Your session has ended. Sign in again to continue.";
  if (status === 404) message = message || "This conversation no longer exists.";
  return { message: message || `The message could not be sent (HTTP ${status}).`, refused: true };
}

/** Keeps earlier pages already on screen when a fresh copy of the newest messages arrives. */
export function mergeNewest(current: ChatMessage[], newest: ChatMessage[]): ChatMessage[] {
  const first = newest[0];
  if (!first) return current.length ? current : newest;
  const at = current.findIndex((m) => m.id === first.id);
  // Unchanged messages keep their object, so their memoised components do not render again.
  const byId = new Map(current.map((m) => [m.id, m]));
  const fresh = newest.map((m) => {
    const old = byId.get(m.id);
    return old && JSON.stringify(old) === JSON.stringify(m) ? old : m;
  });
  return at > 0 ? [...current.slice(0, at), ...fresh] : fresh;
}

function describeFailure(error: Error): string {
  if (error instanceof SendTimeoutError || error.name === "SendTimeoutError") return error.message;
  if (error instanceof TypeError) return "The connection was lost.";
  return error.message || "The connection was lost.";
}

/**
 * Marks a message of the person's as not sent (with why), dropping anything after it: a reply to a message the
 * server never got cannot exist, and a retry answers it again.
 */
export function markUnsent(messages: ChatMessage[], id: string, reason: string): ChatMessage[] {
  const index = messages.findIndex((m) => m.id === id);
  if (index === -1) return messages;
  const message = messages[index] as ChatMessage;
  return [...messages.slice(0, index), { ...message, metadata: { ...message.metadata, unsent: reason } }];
}

export function clearUnsent(message: ChatMessage): ChatMessage {
  const { unsent: _unsent, ...metadata } = message.metadata ?? {};
  return { ...message, metadata };
}

/** The person's messages on screen that the server does not have yet. */
export function unsentMessages(messages: ChatMessage[]): ChatMessage[] {
  return messages.filter((m) => m.role === "user" && m.metadata?.unsent);
}

/**
 * A fresh copy of the thread from the server, keeping messages that only this browser has (not sent): the
 * server's copy wins for every message it knows, so one that did arrive stops being "not sent".
 */
export function mergeKeepingUnsent(current: ChatMessage[], fromServer: ChatMessage[]): ChatMessage[] {
  const merged = mergeNewest(current, fromServer);
  const known = new Set(merged.map((m) => m.id));
  return [...merged, ...unsentMessages(current).filter((m) => !known.has(m.id))];
}
