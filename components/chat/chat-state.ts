import type { ChatMessage } from "./types";

/** What the API said when it refused a message (429, 413, 422…), in words a person can act on. */
export function describeApiError(error: Error): { message: string; refused: boolean } {
  const status = (error as { statusCode?: number }).statusCode;
  if (typeof status !== "number") return { message: error.message || "The reply failed.", refused: false };
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
