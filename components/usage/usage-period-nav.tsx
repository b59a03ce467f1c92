import Link from "next/link";
import { USAGE_PERIODS } from "@/lib/usage-period";

export function UsagePeriodNav({ path, days }: { path: string; days: number }) {
  return (
    <nav aria-label="Period" className="flex flex-wrap gap-2 text-sm">
      {USAGE_PERIODS.map((d) => (
        <Link
          key={d}
          href={`${path}?days=${d}`}
          aria-current={d === days ? "page" : undefined}
          className="rounded-md border border-zinc-300 px-3 py-1 aria-[current=page]:bg-zinc-900 aria-[current=page]:text-white dark:border-zinc-700 dark:aria-[current=page]:bg-zinc-100 dark:aria-[current=page]:text-zinc-900"
        >
          Last {d} days
        </Link>
      ))}
    </nav>
  );
}
