import { formatDate } from "@/components/settings/format";
import { describeAuditAction } from "@/lib/audit-actions";

export interface AuditEventRow {
  id: number;
  action: string;
  actorId: string | null;
  subjectId: string | null;
  ip: string | null;
  details: unknown;
  createdAt: Date;
}

function detailsText(details: unknown): string {
  if (!details || typeof details !== "object") return "";
  return Object.entries(details as Record<string, unknown>)
    .map(([key, value]) => `${key}: ${String(value)}`)
    .join(" · ");
}

/** Audit events, newest first; with `people`, who did it and whom it concerns (for /admin). */
export function AuditEventsTable({
  events,
  label,
  people,
}: {
  events: AuditEventRow[];
  label: string;
  people?: Map<string, string>;
}) {
  const name = (id: string | null) => (id ? (people?.get(id) ?? "deleted user") : "—");
  if (events.length === 0) return <p className="text-sm">No events.</p>;
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">{label}</caption>
      <thead>
        <tr className="border-b border-zinc-200 dark:border-zinc-800">
          <th className="py-2">When</th>
          <th>Event</th>
          {people ? (
            <>
              <th>By</th>
              <th>Account</th>
            </>
          ) : null}
          <th>IP</th>
          <th>Details</th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => (
          <tr key={event.id} className="border-b border-zinc-100 align-top dark:border-zinc-900">
            <td className="py-2 whitespace-nowrap">{formatDate(event.createdAt)}</td>
            <td>{describeAuditAction(event.action)}</td>
            {people ? (
              <>
                <td>{name(event.actorId)}</td>
                <td>{name(event.subjectId)}</td>
              </>
            ) : null}
            <td>{event.ip ?? "—"}</td>
            <td className="break-all text-zinc-600 dark:text-zinc-400">{detailsText(event.details)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
