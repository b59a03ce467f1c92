import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { UsageChart } from "@/components/usage/usage-chart";
import { UsagePeriodNav } from "@/components/usage/usage-period-nav";
import { UsageTable } from "@/components/usage/usage-table";
import { listModels } from "@/lib/ai/providers";
import { getCurrentUser } from "@/lib/auth/current-user";
import { getPermissions } from "@/lib/auth/permissions";
import { listUserUsage, nextUsageReset, tokensUsedToday } from "@/lib/db/usage";
import { UsagePeriodSchema } from "@/lib/usage-period";
import { usageByDay, usageByModel } from "@/lib/usage-summary";

export const metadata: Metadata = { title: "Usage" };

export default async function UsagePage({ searchParams }: { searchParams: Promise<Record<string, unknown>> }) {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  const { days } = UsagePeriodSchema.parse(await searchParams);
  const [rows, today, permissions] = await Promise.all([
    listUserUsage({ userId: user.id, days }),
    tokensUsedToday(user.id),
    getPermissions(user.id),
  ]);
  const labels = new Map((await listModels()).map((m) => [m.id, m.label]));
  const n = (value: number) => value.toLocaleString("en-US");
  const byDay = usageByDay(rows, days);
  return (
    <section className="flex flex-col gap-6">
      <h1 className="text-xl font-semibold">Usage</h1>
      <dl className="grid max-w-xl grid-cols-1 gap-3 text-sm sm:grid-cols-2">
        <div className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
          <dt className="text-zinc-600 dark:text-zinc-400">Tokens today</dt>
          <dd className="text-lg font-semibold tabular-nums">
            {n(today)}
            {permissions.tokensPerDay !== null ? ` of ${n(permissions.tokensPerDay)}` : ""}
          </dd>
          {permissions.tokensPerDay !== null ? (
            <dd className="text-xs text-zinc-600 dark:text-zinc-400">
              Resets at midnight UTC ({nextUsageReset().toISOString().slice(0, 16).replace("T", " ")} UTC).
            </dd>
          ) : null}
        </div>
        <div className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
          <dt className="text-zinc-600 dark:text-zinc-400">Messages per minute</dt>
          <dd className="text-lg font-semibold tabular-nums">{n(permissions.messagesPerMinute)}</dd>
        </div>
      </dl>
      <UsagePeriodNav path="/settings/usage" days={days} />
      <UsageChart days={byDay} label="Your tokens per day" />
      <h2 className="text-lg font-semibold">By model</h2>
      <UsageTable
        caption="Your usage by model"
        heading="Model"
        groups={usageByModel(rows, (id) => labels.get(id) ?? id)}
      />
      <h2 className="text-lg font-semibold">By day</h2>
      <UsageTable
        caption="Your usage by day"
        heading="Day"
        groups={byDay
          .filter((d) => d.messages > 0)
          .reverse()
          .map((d) => ({ key: d.day, label: d.day, ...d }))}
      />
    </section>
  );
}
