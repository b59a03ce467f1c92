-- DropIndex
DROP INDEX "AuditEvent_action_createdAt_idx";

-- DropIndex
DROP INDEX "AuditEvent_subjectId_createdAt_idx";

-- CreateIndex
CREATE INDEX "AuditEvent_subjectId_id_idx" ON "AuditEvent"("subjectId", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_actorId_id_idx" ON "AuditEvent"("actorId", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_action_id_idx" ON "AuditEvent"("action", "id");
