import "server-only";
import { db, type Prisma } from "./client";

export interface NewAuditEvent {
  action: string;
  actorId?: string | null;
  subjectId?: string | null;
  ip?: string | null;
  details?: Record<string, string | number | boolean | null>;
}

export function insertAuditEvent(event: NewAuditEvent) {
  return db.auditEvent.create({
    data: {
      action: event.action,
      actorId: event.actorId ?? null,
      subjectId: event.subjectId ?? null,
      ip: event.ip?.slice(0, 64) ?? null,
      details: event.details ?? undefined,
    },
  });
}

export const AUDIT_PAGE_SIZE = 50;

export interface AuditQuery {
  /** Only events about this account (its own security log). */
  subjectId?: string;
  /** Events done by or about this account (the admin's user filter). */
  userId?: string;
  /** An exact action, or a prefix ending in "." (e.g. "admin."). */
  action?: string;
  page?: number;
  pageSize?: number;
}

/** Newest first, one page at a time; `hasMore` says whether an older page exists. */
export async function listAuditEvents(query: AuditQuery) {
  const pageSize = Math.min(Math.max(query.pageSize ?? AUDIT_PAGE_SIZE, 1), 100);
  const page = Math.max(query.page ?? 1, 1);
  const and: Prisma.AuditEventWhereInput[] = [];
  if (query.subjectId) and.push({ subjectId: query.subjectId });
  if (query.userId) and.push({ OR: [{ subjectId: query.userId }, { actorId: query.userId }] });
  if (query.action) {
    and.push(query.action.endsWith(".") ? { action: { startsWith: query.action } } : { action: query.action });
  }
  const rows = await db.auditEvent.findMany({
    where: { AND: and },
    orderBy: { id: "desc" },
    skip: (page - 1) * pageSize,
    take: pageSize + 1,
  });
  return { events: rows.slice(0, pageSize), hasMore: rows.length > pageSize, page };
}

/** Usernames for the ids an audit page names (missing ones belong to deleted accounts). */
export async function usernamesFor(ids: (string | null)[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  if (unique.length === 0) return new Map();
  const users = await db.user.findMany({ where: { id: { in: unique } }, select: { id: true, username: true } });
  return new Map(users.map((u) => [u.id, u.username]));
}
