import { formatDate } from "@/components/settings/format";
import { DataTable } from "@/components/ui/data-table";
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
    <DataTable
      caption={label}
      className="stack"
      spaced
      columns={["When", "Event", ...(people ? ["By", "Account"] : []), "IP", "Details"]}
    >
      {events.map((event) => (
        <tr key={event.id} className="border-b border-zinc-100 align-top dark:border-zinc-900">
          <td className="py-2 whitespace-nowrap">{formatDate(event.createdAt)}</td>
          <td className="font-medium md:font-normal">{describeAuditAction(event.action)}</td>
          {people ? (
            <>
              <td data-label="By">{name(event.actorId)}</td>
              <td data-label="Account">{name(event.subjectId)}</td>
            </>
          ) : null}
          <td data-label="IP">{event.ip ?? "—"}</td>
          <td className="break-all text-zinc-600 dark:text-zinc-400">{detailsText(event.details)}</td>
        </tr>
      ))}
    </DataTable>
  );
}
