import "server-only";
import type { AuditAction } from "./audit-actions";
import { insertAuditEvent, type NewAuditEvent } from "./db/audit-events";
import { log } from "./log";

/**
 * Writes one audit event (a security event or an admin action). A failure to write is logged, never
 * thrown: the action it records has already happened.
 */
export async function recordAudit(event: NewAuditEvent & { action: AuditAction }): Promise<void> {
  try {
    await insertAuditEvent(event);
  } catch (error) {
    log.error("audit.write_failed", { action: event.action, error });
  }
}
