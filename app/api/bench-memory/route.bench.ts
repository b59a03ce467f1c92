// The server's own memory and event-loop lag, for `npm run bench:streams`. Compiled only into the bench's own
// build (PARLEY_BENCH_FLOOR=1 adds the `.bench.ts` page extension in next.config.js), like app/api/bench-floor:
// no build made by `npm start` or `next build` has it.
import { monitorEventLoopDelay } from "node:perf_hooks";

const state = globalThis as unknown as { parleyBenchLag?: ReturnType<typeof monitorEventLoopDelay> };
state.parleyBenchLag ??= (() => {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  return histogram;
})();
const lag = state.parleyBenchLag;

const ms = (ns: number) => Math.round(ns / 1e4) / 100;

/** GET: memory (bytes) and the event-loop delay (ms) since the last `?reset=1`. `?gc=1` collects first when exposed. */
export const dynamic = "force-dynamic";

export function GET(request: Request) {
  const params = new URL(request.url).searchParams;
  const gc = (globalThis as { gc?: () => void }).gc;
  if (params.has("gc") && gc) gc();
  const body = {
    memory: process.memoryUsage(),
    lag: { mean: ms(lag.mean), p99: ms(lag.percentile(99)), max: ms(lag.max) },
  };
  if (params.has("reset")) lag.reset();
  return Response.json(body, { headers: { "cache-control": "no-store" } });
}
