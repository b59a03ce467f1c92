import "server-only";
import type { z } from "zod";
import { readBodyAtMost } from "./bounded-body";
import { AppError, type FieldError, toAppError } from "./errors";
import { log } from "./log";
import { requestIdOf, runWithRequestContext } from "./request-context";
import { findUnsafeText } from "./text";
import { format as formatTiming, type RequestTimer, serverTiming, timedBody, timingEnabled, withTimer } from "./timing";

export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

/**
 * Headers for a streamed reply. `no-transform` keeps Next's gzip off the stream: compressing it flushes every
 * small chunk through zlib's thread pool, which added milliseconds before each chunk reached the client for
 * a few bytes saved (measured by `npm run bench`, "floor, not compressed").
 */
export const STREAM_HEADERS = { "cache-control": "no-cache, no-transform" } as const;

/** How an error is written: status, JSON body and extra headers (the OpenAI-compatible routes use their own). */
export type ErrorFormat = (error: AppError) => { status: number; body: unknown; headers?: Record<string, string> };

const parleyErrorFormat: ErrorFormat = (error) => ({ status: error.status, body: error.toJSON() });

/** The one JSON error shape: `{ error: { code, message, fields? } }`, with Retry-After on 429. */
export function errorResponse(
  error: unknown,
  context: Record<string, unknown> = {},
  format: ErrorFormat = parleyErrorFormat,
): Response {
  const appError = toAppError(error);
  if (appError.kind === "internal") log.error("request.failed", { ...context, error: appError.cause ?? error });
  else if (appError.kind === "unavailable") logOutage(context, appError.cause ?? error);
  else if (appError.kind === "unauthorized" || appError.kind === "forbidden") {
    log.info("request.refused", { ...context, code: appError.code });
  }
  const { status, body, headers: extra } = format(appError);
  const headers = new Headers({ "content-type": "application/json", ...extra });
  if (appError.retryAfterSeconds) headers.set("retry-after", String(appError.retryAfterSeconds));
  return new Response(JSON.stringify(body), { status, headers });
}

let lastOutageLog = 0;

/** At most one line per 10 s while the database is down: enough to see the outage, not a flood. */
function logOutage(context: Record<string, unknown>, error: unknown) {
  if (Date.now() - lastOutageLog < 10_000) return;
  lastOutageLog = Date.now();
  log.error("request.database_unavailable", { ...context, error });
}

export function json(data: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("content-type", "application/json");
  return new Response(JSON.stringify(data), { ...init, headers });
}

/**
 * Wraps a route handler so that anything it throws becomes the JSON error shape (Parley's, or the one `format`
 * writes), and every log line it writes carries the request id that the response's X-Request-Id header names.
 */
export function handle<Args extends unknown[]>(
  fn: (request: Request, ...args: Args) => Promise<Response>,
  format?: ErrorFormat,
) {
  const run = async (request: Request, ...args: Args): Promise<Response> => {
    const { requestId, fromServer } = requestIdOf(request.headers);
    const response = await runWithRequestContext({ requestId }, async () => {
      try {
        return await fn(request, ...args);
      } catch (error) {
        return errorResponse(error, { method: request.method, path: new URL(request.url).pathname }, format);
      }
    });
    return fromServer ? response : withRequestId(response, requestId);
  };
  if (!timingEnabled) return run;
  return (request: Request, ...args: Args): Promise<Response> =>
    withTimer(`${request.method} ${new URL(request.url).pathname}`, async (timer) => {
      const response = await run(request, ...args);
      return timer ? withTiming(timer, response) : response;
    });
}

/** Under `next dev` and in tests (no scripts/server.mjs in front) the handler names the request itself. */
function withRequestId(response: Response, requestId: string): Response {
  try {
    response.headers.set("x-request-id", requestId);
    return response;
  } catch {
    // A response with immutable headers (e.g. a redirect from Response.redirect) is copied.
    const headers = new Headers(response.headers);
    headers.set("x-request-id", requestId);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }
}

/** PARLEY_TIMING=1: the phases so far as Server-Timing, and the body timed to its end (see lib/timing.ts). */
function withTiming(timer: RequestTimer, response: Response): Response {
  timer.phases.push({ name: "response ready", at: Math.round((performance.now() - timer.start) * 100) / 100 });
  const headers = new Headers(response.headers);
  headers.set("server-timing", serverTiming(timer));
  if (!response.body) {
    console.log(formatTiming(timer));
    return new Response(null, { status: response.status, statusText: response.statusText, headers });
  }
  const body = timedBody(timer, response.body, (line) => console.log(line));
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

/**
 * Reads and validates a JSON body, refusing before any handler sees it: oversized (413), not sent as JSON
 * (415), not UTF-8 (400), not JSON (400), and text that cannot be stored — NUL, unpaired surrogates (422).
 */
export async function readJson<S extends z.ZodType>(
  request: Request,
  schema: S,
  maxBytes = DEFAULT_MAX_BODY_BYTES,
  options: { maxDepth?: number } = {},
): Promise<z.infer<S>> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > maxBytes) throw new AppError("payload_too_large", { message: `The body is over ${maxBytes} bytes.` });
  const bytes = await readLimited(request, maxBytes);
  if (bytes.byteLength === 0) return parseWith(schema, {});
  if (!isJsonContentType(request.headers.get("content-type"))) {
    throw new AppError("unsupported_media_type", { message: "Send the body as application/json." });
  }
  if (options.maxDepth !== undefined && jsonNestingExceeds(bytes, options.maxDepth)) {
    throw new AppError("bad_request:json_depth", {
      message: `The body nests arrays and objects more than ${options.maxDepth} levels deep.`,
    });
  }
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    throw new AppError("bad_request:encoding", { message: "The body is not valid UTF-8." });
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError("bad_request:json", { message: "The body is not valid JSON." });
  }
  return parseWith(schema, body);
}

const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/**
 * Whether JSON text nests deeper than `max`, read byte by byte (brackets inside strings do not count). Parsing
 * millions of nested brackets costs seconds of the request thread; this stops at the first level too many.
 */
export function jsonNestingExceeds(bytes: Uint8Array, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (inString) {
      if (byte === 0x5c) i++;
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) inString = true;
    else if (byte === 0x5b || byte === 0x7b) {
      if (++depth > max) return true;
    } else if (byte === 0x5d || byte === 0x7d) depth--;
  }
  return false;
}

function isJsonContentType(value: string | null): boolean {
  const type = value?.split(";")[0]?.trim().toLowerCase();
  return type === "application/json" || Boolean(type?.startsWith("application/") && type.endsWith("+json"));
}

/** 422 when any string in `value` (query, path or body) contains NUL or an unpaired surrogate. */
export function refuseUnsafeText(value: unknown): void {
  const problem = findUnsafeText(value);
  if (problem) throw new AppError("validation", { message: `${problem.field}: ${problem.message}`, fields: [problem] });
}

/** Validates with `schema`, after refusing text no column can store (NUL, unpaired surrogates) with 422. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  refuseUnsafeText(value);
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const fields: FieldError[] = parsed.error.issues.map((issue) => ({
      field: issue.path.join(".") || "body",
      message: issue.message,
    }));
    throw new AppError("validation", { message: fields.map((f) => `${f.field}: ${f.message}`).join("; "), fields });
  }
  return parsed.data;
}

async function readLimited(request: Request, maxBytes: number): Promise<Uint8Array> {
  const bytes = await readBodyAtMost(request.body, maxBytes);
  if (!bytes) throw new AppError("payload_too_large", { message: `The body is over ${maxBytes} bytes.` });
  return bytes;
}

/**
 * Refuses cross-site requests to cookie-authenticated mutating handlers (CSRF): the browser's
 * Sec-Fetch-Site, or else Origin, must name this site. Requests with neither (curl, scripts) carry no
 * ambient cookies worth forging and pass; bearer-authenticated APIs need no check.
 */
export function assertSameOrigin(request: Request): void {
  const site = request.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") {
    throw new AppError("forbidden:cross_site", { message: "Cross-site requests are not allowed." });
  }
  const origin = request.headers.get("origin");
  if (origin && origin !== "null") {
    const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
    if (new URL(origin).host !== host) {
      throw new AppError("forbidden:cross_site", { message: "Cross-site requests are not allowed." });
    }
  } else if (origin === "null") {
    throw new AppError("forbidden:cross_site", { message: "Cross-site requests are not allowed." });
  }
}
