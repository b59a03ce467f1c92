import type { UsageTotals } from "@/lib/usage-summary";

const WIDTH = 600;
const HEIGHT = 160;
const AXIS = 2;

function compact(n: number): string {
  return new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 }).format(n);
}

/** Tokens per day as stacked bars (input below, output above), in plain SVG; the tables carry the numbers. */
export function UsageChart({ days, label }: { days: (UsageTotals & { day: string })[]; label: string }) {
  const max = Math.max(1, ...days.map((d) => d.inputTokens + d.outputTokens));
  const slot = WIDTH / Math.max(1, days.length);
  const bar = Math.max(2, slot * 0.7);
  const scale = (HEIGHT - AXIS - 4) / max;
  const total = days.reduce((sum, d) => sum + d.inputTokens + d.outputTokens, 0);
  const first = days[0]?.day;
  const last = days.at(-1)?.day;
  // An empty chart with a "1 tokens" scale says nothing: say it in words.
  if (total === 0) {
    return (
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        No tokens used from {first} to {last}.
      </p>
    );
  }
  return (
    <figure className="flex max-w-3xl flex-col gap-1">
      <p aria-hidden="true" className="text-xs text-zinc-600 dark:text-zinc-400">
        {compact(max)} tokens
      </p>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`${label}: ${total.toLocaleString("en-US")} tokens from ${first} to ${last}, at most ${max.toLocaleString("en-US")} in a day.`}
        className="h-auto w-full text-zinc-500 dark:text-zinc-400"
      >
        <line x1={0} x2={WIDTH} y1={HEIGHT - AXIS} y2={HEIGHT - AXIS} stroke="currentColor" strokeWidth={1} />
        {days.map((d, i) => {
          const x = i * slot + (slot - bar) / 2;
          const inputHeight = d.inputTokens * scale;
          const outputHeight = d.outputTokens * scale;
          const base = HEIGHT - AXIS;
          return (
            <g key={d.day}>
              <title>{`${d.day}: ${d.inputTokens.toLocaleString("en-US")} input, ${d.outputTokens.toLocaleString("en-US")} output tokens, ${d.messages} replies`}</title>
              <rect
                x={x}
                y={base - inputHeight}
                width={bar}
                height={inputHeight}
                className="fill-sky-600 dark:fill-sky-400"
              />
              <rect
                x={x}
                y={base - inputHeight - outputHeight}
                width={bar}
                height={outputHeight}
                className="fill-amber-500 dark:fill-amber-300"
              />
            </g>
          );
        })}
      </svg>
      <div aria-hidden="true" className="flex justify-between text-xs text-zinc-600 tabular-nums dark:text-zinc-400">
        <span>{first}</span>
        <span>{last}</span>
      </div>
      <figcaption className="flex flex-wrap gap-4 text-xs text-zinc-600 dark:text-zinc-400">
        <span className="flex items-center gap-1">
          <span aria-hidden="true" className="inline-block size-3 rounded-sm bg-sky-600 dark:bg-sky-400" />
          Input tokens
        </span>
        <span className="flex items-center gap-1">
          <span aria-hidden="true" className="inline-block size-3 rounded-sm bg-amber-500 dark:bg-amber-300" />
          Output tokens
        </span>
      </figcaption>
    </figure>
  );
}
