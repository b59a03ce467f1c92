import "server-only";
import { directEventsArePushed, latestDirectEventId, readDirectEvents, waitForDirectEvent } from "../direct/events";
import { AppError } from "../errors";
import { processGlobal } from "../process-global";

/** Without Redis, streams look for new rows this often; with it they are woken at once (and poll rarely). */
const POLL_MS = 1_500;
const PUSHED_POLL_MS = 15_000;
const KEEP_ALIVE_MS = 20_000;
const BATCH = 100;
const MAX_EVENT_ID = 2_147_483_647;
/** Open streams per person on this instance: enough for every tab and device, not a way to load the database. */
export const MAX_STREAMS_PER_USER = 20;

const openStreams = processGlobal("parleyDirectStreams", () => new Map<string, number>());

/** Counts a stream for `userId` (429 past the limit); the returned function gives the slot back, once. */
function takeStreamSlot(userId: string): () => void {
  const count = openStreams.get(userId) ?? 0;
  if (count >= MAX_STREAMS_PER_USER) {
    throw new AppError("rate_limited:direct_streams", {
      message: `At most ${MAX_STREAMS_PER_USER} event streams may be open at once. Close one and try again.`,
      retryAfterSeconds: 5,
    });
  }
  openStreams.set(userId, count + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (openStreams.get(userId) ?? 1) - 1;
    if (left > 0) openStreams.set(userId, left);
    else openStreams.delete(userId);
  };
}

/** GET /direct-messages/events: the caller's events as server-sent events, from `after` or from now on. */
export async function directEventStream({
  request,
  userId,
  after,
  waitSeconds,
}: {
  request: Request;
  userId: string;
  after?: number;
  waitSeconds: number;
}): Promise<Response> {
  const lastEventId = Number(request.headers.get("last-event-id"));
  // A reconnecting EventSource sends Last-Event-ID: it wins over the `after` of the URL it first opened. One
  // that is no event id at all (past the 32-bit column) is ignored like a missing one.
  const start =
    Number.isInteger(lastEventId) && lastEventId > 0 && lastEventId <= MAX_EVENT_ID
      ? lastEventId
      : (after ?? (await latestDirectEventId(userId)));
  const release = takeStreamSlot(userId);
  const abort = new AbortController();
  request.signal?.addEventListener("abort", () => {
    abort.abort();
    release();
  });
  const encoder = new TextEncoder();
  const chunks = feed({ userId, after: start, deadline: Date.now() + waitSeconds * 1000, signal: abort.signal });
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await chunks.next();
        if (done) {
          release();
          controller.close();
        } else controller.enqueue(encoder.encode(value));
      } catch (error) {
        release();
        throw error;
      }
    },
    async cancel() {
      release();
      abort.abort();
      await chunks.return(undefined);
    },
  });
  return new Response(body, {
    status: 200,
    headers: {
      "content-type": "text/event-stream",
      // no-transform: a compressing proxy must not buffer the stream.
      "cache-control": "no-store, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
}

async function* feed({
  userId,
  after,
  deadline,
  signal,
}: {
  userId: string;
  after: number;
  deadline: number;
  signal: AbortSignal;
}): AsyncGenerator<string> {
  let last = after;
  let quietSince = Date.now();
  const pollMs = (await directEventsArePushed()) ? PUSHED_POLL_MS : POLL_MS;
  yield "retry: 3000\n\n";
  while (!signal.aborted) {
    const events = await readDirectEvents({ userId, afterId: last, limit: BATCH });
    for (const event of events) {
      yield `id: ${event.id}\nevent: ${event.kind}\ndata: ${JSON.stringify(event.data)}\n\n`;
      last = event.id;
    }
    if (events.length === BATCH) continue;
    if (events.length > 0) quietSince = Date.now();
    const now = Date.now();
    if (now >= deadline) return;
    if (now - quietSince >= KEEP_ALIVE_MS) {
      yield ": keep-alive\n\n";
      quietSince = now;
    }
    await waitForDirectEvent(userId, Math.min(pollMs, deadline - now, KEEP_ALIVE_MS), signal);
  }
}
