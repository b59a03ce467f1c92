-- Audit records of deleted and rejected accounts keep the username but not the email address (data only).
UPDATE "AuditEvent" SET "details" = json_remove("details", '$.email')
WHERE "action" IN ('admin.user_deleted', 'admin.user_rejected') AND json_extract("details", '$.email') IS NOT NULL;
