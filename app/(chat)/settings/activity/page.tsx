import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { z } from "zod";
import { AuditEventsTable } from "@/components/audit/audit-events-table";
import { getCurrentUser } from "@/lib/auth/current-user";
import { listAuditEvents } from "@/lib/db/audit-events";

export const metadata: Metadata = { title: "Security log" };

const PageSchema = z.object({ page: z.coerce.number().int().min(1).max(10_000).catch(1) });

export default async function SecurityLogPage({ searchParams }: { searchParams: Promise<Record<string, unknown>> }) {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  const { page } = PageSchema.parse(await searchParams);
  const { events, hasMore } = await listAuditEvents({ subjectId: user.id, page, pageSize: 25 });
  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-xl font-semibold">Security log</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Logins, failed logins, password and email changes, API keys and sessions of your account. If you see something
        you did not do, change your password.
      </p>
      <AuditEventsTable events={events} label="Security events" />
      <nav aria-label="Pagination" className="flex items-center gap-3 text-sm">
        {page > 1 ? <Link href={`/settings/activity?page=${page - 1}`}>Newer events</Link> : null}
        {hasMore ? <Link href={`/settings/activity?page=${page + 1}`}>Older events</Link> : null}
      </nav>
    </section>
  );
}
