-- Audit records of deleted and rejected accounts keep the username but not the email address (data only).
UPDATE "AuditEvent" SET "details" = "details" - 'email'
WHERE "action" IN ('admin.user_deleted', 'admin.user_rejected') AND "details" ? 'email';
