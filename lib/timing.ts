// Per-request phase timing, on with PARLEY_TIMING=1: where one request's time goes (authentication, each
// query, the model request, its first byte, the first byte and first text to the client), without a profiler.
// Off, every call is one boolean check. On, `handle()` (lib/http.ts) opens a timer per route request; the
// database client, the model's fetch and the response body add marks; one `timing` log line per request is
// written once its response ends, and a Server-Timing header carries the phases before the response started.
import { AsyncLocalStorage } from "node:async_hooks";
import { env } from "./env";
import { processGlobal } from "./process-global";

/** Read once at start-up; an invalid environment is reported by whoever reads it next, not here. */
export const timingEnabled = (() => {
  try {
    return env().PARLEY_TIMING === "1";
  } catch {
    return false;
  }
})();

interface Phase {
  name: string;
  /** Milliseconds since the request's start. */
  at: number;
  /** Set for spans (e.g. a query): how long it took. */
  ms?: number;
}

export interface RequestTimer {
  label: string;
  start: number;
  phases: Phase[];
}

// One store per process: Next.js bundles this module more than once (instrumentation, each route), and the
// database client is created by whichever bundle loads first.
const storage = processGlobal("parleyTiming", () => new AsyncLocalStorage<RequestTimer>());

/** Runs `fn` with a timer for this request (when timing is on). */
export function withTimer<T>(label: string, fn: (timer: RequestTimer | null) => T): T {
  if (!timingEnabled) return fn(null);
  const timer: RequestTimer = { label, start: performance.now(), phases: [] };
  return storage.run(timer, () => fn(timer));
}

/** Records a moment of the current request (no-op when timing is off or outside a request). */
export function mark(name: string): void {
  if (!timingEnabled) return;
  const timer = storage.getStore();
  if (timer) timer.phases.push({ name, at: round(performance.now() - timer.start) });
}

/** Times `fn` as a span of the current request. */
export async function span<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const timer = timingEnabled ? storage.getStore() : undefined;
  if (!timer) return fn();
  const started = performance.now();
  try {
    return await fn();
  } finally {
    timer.phases.push({ name, at: round(started - timer.start), ms: round(performance.now() - started) });
  }
}

const round = (n: number) => Math.round(n * 100) / 100;

/** "auth;dur=3.1, Session.findUnique;dur=1.2, …": the phases so far, for a Server-Timing header. */
export function serverTiming(timer: RequestTimer): string {
  return timer.phases
    .map(
      (p, i) =>
        `${i}-${p.name.replace(/[^\w.-]/g, "_")};dur=${p.ms ?? p.at};desc="${p.ms === undefined ? "at" : `from ${p.at}`}"`,
    )
    .join(", ");
}

/** The response's body, marking its first byte and first reply text to the client, logging the phases at its end. */
export function timedBody(timer: RequestTimer, body: ReadableStream<Uint8Array>, write: (line: string) => void) {
  let first = true;
  let sawText = false;
  const decoder = new TextDecoder();
  const at = () => round(performance.now() - timer.start);
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        if (first) {
          timer.phases.push({ name: "first byte to client", at: at() });
          first = false;
        }
        if (!sawText && decoder.decode(chunk, { stream: true }).includes('"text-delta"')) {
          timer.phases.push({ name: "first text to client", at: at() });
          sawText = true;
        }
        controller.enqueue(chunk);
      },
      flush() {
        timer.phases.push({ name: "response end", at: at() });
        write(format(timer));
      },
    }),
  );
}

export function format(timer: RequestTimer): string {
  const phases = timer.phases
    .map((p) => (p.ms === undefined ? `${p.at} ${p.name}` : `${p.at}+${p.ms} ${p.name}`))
    .join(" | ");
  return `timing ${timer.label}: ${phases}`;
}

/** `fetch` for the model provider: marks the request sent, the response's headers and its first body byte. */
export const timedFetch: typeof fetch = async (input, init) => {
  const timer = storage.getStore();
  if (!timer) return fetch(input, init);
  const at = () => round(performance.now() - timer.start);
  timer.phases.push({ name: "model request sent", at: at() });
  const response = await fetch(input, init);
  timer.phases.push({ name: "model response headers", at: at() });
  if (!response.body) return response;
  let first = true;
  const body = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        if (first) {
          timer.phases.push({ name: "first model byte", at: at() });
          first = false;
        }
        controller.enqueue(chunk);
      },
    }),
  );
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
};
