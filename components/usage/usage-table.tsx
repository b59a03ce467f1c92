import type { UsageGroup, UsageTotals } from "@/lib/usage-summary";

/** Messages and tokens per group (a person, a model or a day). */
export function UsageTable({ caption, heading, groups }: { caption: string; heading: string; groups: UsageGroup[] }) {
  if (!groups.length) return <p className="text-sm text-zinc-600 dark:text-zinc-400">No usage in this period.</p>;
  return (
    <table className="stack w-full max-w-3xl text-left text-sm">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr className="border-b border-zinc-200 dark:border-zinc-800">
          <th className="py-2">{heading}</th>
          <th className="text-right">Replies</th>
          <th className="text-right">Input tokens</th>
          <th className="text-right">Output tokens</th>
        </tr>
      </thead>
      <tbody>
        {groups.map((group) => (
          <tr key={group.key} className="border-b border-zinc-100 dark:border-zinc-900">
            <td className="py-2">{group.label}</td>
            <UsageCells totals={group} />
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const n = (value: number) => value.toLocaleString("en-US");

/** The three number cells every usage row ends with. */
export function UsageCells({ totals }: { totals: UsageTotals }) {
  return (
    <>
      <td data-label="Replies" className="text-right tabular-nums">
        {n(totals.messages)}
      </td>
      <td data-label="Input tokens" className="text-right tabular-nums">
        {n(totals.inputTokens)}
      </td>
      <td data-label="Output tokens" className="text-right tabular-nums">
        {n(totals.outputTokens)}
      </td>
    </>
  );
}
