import "server-only";
import { env } from "../../env";
import { AppError, toAppError } from "../../errors";
import { prepareImport, tooLarge } from "../../import/run";
import { log } from "../../log";
import { enforce, type RateLimitRule } from "../../rate-limit";
import { endpoint } from "../endpoint";
import { routes } from "../routes";

/** Each import reads a large file twice and writes thousands of rows: a few an hour is plenty for a person. */
const IMPORT_RATE_LIMIT: RateLimitRule = { name: "import", limit: 20, windowSeconds: 3600 };

const ACCEPTED_TYPES = [
  "application/json",
  "application/octet-stream",
  "text/plain",
  "application/zip",
  "application/x-zip-compressed",
];

export const importConversations = endpoint(routes.importConversations, async ({ principal, request }) => {
  const maxBytes = Math.floor(env().PARLEY_IMPORT_MAX_MB * 1024 * 1024);
  const declaredBytes = Number(request.headers.get("content-length") ?? 0) || undefined;
  if ((declaredBytes ?? 0) > maxBytes) throw tooLarge(maxBytes);
  const type = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type && !ACCEPTED_TYPES.includes(type)) {
    throw new AppError("unsupported_media_type:import", {
      message: "Send the file itself as the body (Content-Type: application/json), not as a form.",
    });
  }
  await enforce(IMPORT_RATE_LIMIT, principal.userId, "Too many imports in the last hour. Wait and try again.");
  const prepared = await prepareImport({ userId: principal.userId, body: request.body, maxBytes, declaredBytes });
  log.info("import.started", { userId: principal.userId, format: prepared.format, total: prepared.total });
  if (!request.headers.get("accept")?.includes("application/x-ndjson")) {
    try {
      return { body: await prepared.run() };
    } finally {
      await prepared.dispose();
    }
  }
  return progressResponse(prepared);
});

/** Progress lines while conversations are stored (at most one per 1% or per 250 ms), then the result. */
function progressResponse(prepared: Awaited<ReturnType<typeof prepareImport>>): Response {
  const encoder = new TextEncoder();
  let open = true;
  const stream = new ReadableStream<Uint8Array>({
    cancel() {
      open = false;
    },
    async start(controller) {
      const send = (line: unknown) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
        } catch {
          open = false; // The reader left; the import carries on, as a reply does.
        }
      };
      let lastSent = 0;
      let lastDone = 0;
      send({ type: "progress", done: 0, total: prepared.total });
      try {
        const result = await prepared.run((done, total) => {
          if (done === total || done - lastDone >= total / 100 || Date.now() - lastSent >= 250) {
            lastSent = Date.now();
            lastDone = done;
            send({ type: "progress", done, total });
          }
        });
        send({ type: "result", result });
      } catch (error) {
        const appError = toAppError(error);
        if (appError.kind === "internal") log.error("import.failed", { error });
        send({ type: "error", ...appError.toJSON() });
      } finally {
        await prepared.dispose();
        if (open) controller.close();
      }
    },
  });
  return new Response(stream, {
    status: 200,
    headers: { "content-type": "application/x-ndjson", "cache-control": "no-store" },
  });
}
