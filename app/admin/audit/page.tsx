import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { AuditEventsTable } from "@/components/audit/audit-events-table";
import { AUDIT_ACTION_NAMES, AuditFilterSchema, describeAuditAction } from "@/lib/audit-actions";
import { getCurrentUser } from "@/lib/auth/current-user";
import { listAuditEvents, usernamesFor } from "@/lib/db/audit-events";
import { findUserByLogin } from "@/lib/db/users";

export const metadata: Metadata = { title: "Audit log" };

const selectClass = "rounded-md border border-zinc-300 px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-900";

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<Record<string, unknown>> }) {
  const admin = await getCurrentUser();
  if (!admin) redirect("/login?callbackUrl=/admin/audit");
  if (!admin.isSuperuser) notFound();
  const filter = AuditFilterSchema.parse(await searchParams);
  const person = filter.user ? await findUserByLogin(filter.user) : null;
  const unknownPerson = Boolean(filter.user) && !person;
  const { events, hasMore, page } = unknownPerson
    ? { events: [], hasMore: false, page: 1 }
    : await listAuditEvents({ action: filter.action || undefined, userId: person?.id, page: filter.page });
  const people = await usernamesFor(events.flatMap((e) => [e.actorId, e.subjectId]));
  const pageHref = (p: number) =>
    `/admin/audit?${new URLSearchParams({
      ...(filter.action ? { action: filter.action } : {}),
      ...(filter.user ? { user: filter.user } : {}),
      page: String(p),
    })}`;
  return (
    <main className="mx-auto flex w-full max-w-6xl flex-col gap-6 p-6">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-semibold">Audit log</h1>
        <Link href="/admin" className="text-sm underline">
          Back to admin
        </Link>
      </div>
      <search>
        <form className="flex flex-wrap items-end gap-2" action="/admin/audit">
          <div className="flex flex-col gap-1">
            <label htmlFor="audit-action" className="text-sm font-medium">
              Event
            </label>
            <select id="audit-action" name="action" defaultValue={filter.action} className={selectClass}>
              <option value="">All events</option>
              <option value="auth.">All security events</option>
              <option value="admin.">All admin actions</option>
              {AUDIT_ACTION_NAMES.map((action) => (
                <option key={action} value={action}>
                  {describeAuditAction(action)}
                </option>
              ))}
            </select>
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor="audit-user" className="text-sm font-medium">
              User
            </label>
            <input
              id="audit-user"
              name="user"
              type="search"
              defaultValue={filter.user}
              placeholder="Email or username"
              className={selectClass}
            />
          </div>
          <button type="submit" className="rounded-md border border-zinc-300 px-3 py-2 text-sm dark:border-zinc-700">
            Filter
          </button>
        </form>
      </search>
      {unknownPerson ? <p role="status">No user is called “{filter.user}”.</p> : null}
      <AuditEventsTable events={events} label="Audit events" people={people} />
      <nav aria-label="Pagination" className="flex items-center gap-3 text-sm">
        {page > 1 ? <Link href={pageHref(page - 1)}>Newer events</Link> : null}
        <span>Page {page}</span>
        {hasMore ? <Link href={pageHref(page + 1)}>Older events</Link> : null}
      </nav>
    </main>
  );
}
