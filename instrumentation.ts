import type { Instrumentation } from "next";

// Runs once when each server instance starts (Next.js instrumentation hook), before it serves requests.
export async function register() {
  // NEXT_RUNTIME and NEXT_PHASE are set by Next.js itself (not configuration): the jobs need Node, not the
  // edge runtime, and must not run while the app is being built.
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  // A bad setting (say, a plain-http AUTH_OIDC_ISSUER) stops the start with every problem listed, instead of
  // an instance that listens and answers 500 to the requests that read it. (Next only logs a throw from here.)
  try {
    (await import("./lib/env")).env();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
  const [{ startReaper }, { startCleanupSchedule }, { removeStaleImportFiles }, { startIndexerSchedule }] =
    await Promise.all([
      import("./lib/chat/liveness"),
      import("./lib/maintenance"),
      import("./lib/import/temp-files"),
      import("./lib/projects/indexer"),
    ]);
  // Copies of uploads whose import was killed mid-way (kill -9, a crash) would otherwise stay on the disk.
  void removeStaleImportFiles().catch(() => {});
  // Replies left `streaming` by a crashed instance are failed now and whenever a producer stops, on every instance.
  startReaper();
  startCleanupSchedule();
  // Project files queued for indexing, or left half-indexed by an instance that died.
  startIndexerSchedule();
}

/**
 * What a page, server action or route handler threw past its own error handling (route handlers wrapped in
 * lib/http.ts `handle` log their own 500s): one line with the stack and the request id of the response.
 */
export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { logRequestError } = await import("./lib/request-error");
  logRequestError(error, request, context);
};
