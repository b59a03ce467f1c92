-- CreateTable
CREATE TABLE "Project" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "instructions" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Project_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ProjectFile" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "projectId" TEXT NOT NULL,
    "attachmentId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "error" TEXT,
    "claimedBy" TEXT,
    "claimedAt" DATETIME,
    "indexedChars" INTEGER NOT NULL DEFAULT 0,
    "textChars" INTEGER,
    "passageCount" INTEGER NOT NULL DEFAULT 0,
    "passageBytes" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ProjectFile_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ProjectFile_attachmentId_fkey" FOREIGN KEY ("attachmentId") REFERENCES "Attachment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Passage" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectFileId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "attachmentId" TEXT NOT NULL,
    "page" INTEGER,
    "offset" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    CONSTRAINT "Passage_projectFileId_fkey" FOREIGN KEY ("projectFileId") REFERENCES "ProjectFile" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Conversation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "title" TEXT,
    "modelId" TEXT,
    "systemPrompt" TEXT,
    "pinned" BOOLEAN NOT NULL DEFAULT false,
    "archived" BOOLEAN NOT NULL DEFAULT false,
    "deletedAt" DATETIME,
    "currentLeafId" TEXT,
    "importSource" TEXT,
    "projectId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Conversation_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Conversation_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Conversation" ("archived", "createdAt", "currentLeafId", "deletedAt", "id", "importSource", "modelId", "pinned", "systemPrompt", "title", "updatedAt", "userId") SELECT "archived", "createdAt", "currentLeafId", "deletedAt", "id", "importSource", "modelId", "pinned", "systemPrompt", "title", "updatedAt", "userId" FROM "Conversation";
DROP TABLE "Conversation";
ALTER TABLE "new_Conversation" RENAME TO "Conversation";
CREATE INDEX "Conversation_userId_deletedAt_archived_pinned_updatedAt_idx" ON "Conversation"("userId", "deletedAt", "archived", "pinned", "updatedAt");
CREATE INDEX "Conversation_userId_updatedAt_idx" ON "Conversation"("userId", "updatedAt");
CREATE INDEX "Conversation_projectId_updatedAt_idx" ON "Conversation"("projectId", "updatedAt");
CREATE UNIQUE INDEX "Conversation_userId_importSource_key" ON "Conversation"("userId", "importSource");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Project_userId_updatedAt_idx" ON "Project"("userId", "updatedAt");

-- CreateIndex
CREATE INDEX "ProjectFile_status_claimedAt_idx" ON "ProjectFile"("status", "claimedAt");

-- CreateIndex
CREATE INDEX "ProjectFile_userId_idx" ON "ProjectFile"("userId");

-- CreateIndex
CREATE INDEX "ProjectFile_attachmentId_idx" ON "ProjectFile"("attachmentId");

-- CreateIndex
CREATE UNIQUE INDEX "ProjectFile_projectId_attachmentId_key" ON "ProjectFile"("projectId", "attachmentId");

-- CreateIndex
CREATE INDEX "Passage_projectFileId_idx" ON "Passage"("projectFileId");

-- CreateIndex
CREATE INDEX "Passage_projectId_idx" ON "Passage"("projectId");

-- Full-text index of passages (kept by triggers; Prisma's schema cannot describe it). BM25 ranking: bm25().
CREATE VIRTUAL TABLE "PassageFts" USING fts5("text", content='Passage', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2');
CREATE TRIGGER "Passage_fts_insert" AFTER INSERT ON "Passage" BEGIN
  INSERT INTO "PassageFts"(rowid, "text") VALUES (new."id", new."text");
END;
CREATE TRIGGER "Passage_fts_delete" AFTER DELETE ON "Passage" BEGIN
  INSERT INTO "PassageFts"("PassageFts", rowid, "text") VALUES ('delete', old."id", old."text");
END;
CREATE TRIGGER "Passage_fts_update" AFTER UPDATE OF "text" ON "Passage" BEGIN
  INSERT INTO "PassageFts"("PassageFts", rowid, "text") VALUES ('delete', old."id", old."text");
  INSERT INTO "PassageFts"(rowid, "text") VALUES (new."id", new."text");
END;
