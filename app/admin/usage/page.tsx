import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { UsageChart } from "@/components/usage/usage-chart";
import { UsagePeriodNav } from "@/components/usage/usage-period-nav";
import { UsageCells, UsageTable } from "@/components/usage/usage-table";
import { listModels } from "@/lib/ai/providers";
import { getCurrentUser } from "@/lib/auth/current-user";
import { listAllUsage } from "@/lib/db/usage";
import { UsagePeriodSchema } from "@/lib/usage-period";
import { usageByDay, usageByModel, usageByUser } from "@/lib/usage-summary";

export const metadata: Metadata = { title: "Usage · Admin" };

export default async function AdminUsagePage({ searchParams }: { searchParams: Promise<Record<string, unknown>> }) {
  const admin = await getCurrentUser();
  if (!admin) redirect("/login?callbackUrl=/admin/usage");
  if (!admin.isSuperuser) notFound();
  const { days } = UsagePeriodSchema.parse(await searchParams);
  const rows = await listAllUsage({ days });
  const labels = new Map((await listModels()).map((m) => [m.id, m.label]));
  const labelOf = (id: string) => labels.get(id) ?? id;
  return (
    <main className="mx-auto flex w-full max-w-5xl flex-col gap-8 p-4 sm:p-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Usage</h1>
        <Link href="/admin" className="text-sm underline">
          Back to admin
        </Link>
      </div>
      <p className="max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
        Replies and the tokens the model reported for them, per UTC day. Counted when each reply ends, and kept when
        conversations are deleted.
      </p>
      <UsagePeriodNav path="/admin/usage" days={days} />
      <UsageChart days={usageByDay(rows, days)} label="Everyone's tokens per day" />
      <section className="flex flex-col gap-3" aria-labelledby="by-user-heading">
        <h2 id="by-user-heading" className="text-lg font-semibold">
          By person
        </h2>
        <UsageTable caption="Usage by person" heading="Person" groups={usageByUser(rows)} />
      </section>
      <section className="flex flex-col gap-3" aria-labelledby="by-model-heading">
        <h2 id="by-model-heading" className="text-lg font-semibold">
          By model
        </h2>
        <UsageTable caption="Usage by model" heading="Model" groups={usageByModel(rows, labelOf)} />
      </section>
      <section className="flex flex-col gap-3" aria-labelledby="by-day-heading">
        <h2 id="by-day-heading" className="text-lg font-semibold">
          By day, person and model
        </h2>
        {rows.length === 0 ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">No usage in this period.</p>
        ) : (
          <table className="stack w-full max-w-4xl text-left text-sm">
            <caption className="sr-only">Usage by day, person and model</caption>
            <thead>
              <tr className="border-b border-zinc-200 dark:border-zinc-800">
                <th className="py-2">Day</th>
                <th>Person</th>
                <th>Model</th>
                <th className="text-right">Replies</th>
                <th className="text-right">Input tokens</th>
                <th className="text-right">Output tokens</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr
                  key={`${row.day}-${row.user?.id}-${row.modelId}`}
                  className="border-b border-zinc-100 dark:border-zinc-900"
                >
                  <td className="py-2 tabular-nums">{row.day}</td>
                  <td data-label="Person">{row.user?.username ?? "deleted user"}</td>
                  <td data-label="Model">{labelOf(row.modelId)}</td>
                  <UsageCells totals={row} />
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </main>
  );
}
