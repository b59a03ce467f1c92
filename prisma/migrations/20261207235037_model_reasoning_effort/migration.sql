-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ConnectionModel" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "connectionId" TEXT NOT NULL,
    "remoteId" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "position" INTEGER NOT NULL DEFAULT 0,
    "vision" BOOLEAN NOT NULL DEFAULT false,
    "tools" BOOLEAN NOT NULL DEFAULT true,
    "reasoning" BOOLEAN NOT NULL DEFAULT false,
    "reasoningEffort" BOOLEAN NOT NULL DEFAULT false,
    "contextWindow" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ConnectionModel_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ConnectionModel" ("connectionId", "contextWindow", "createdAt", "enabled", "id", "label", "modelId", "position", "reasoning", "remoteId", "tools", "updatedAt", "vision") SELECT "connectionId", "contextWindow", "createdAt", "enabled", "id", "label", "modelId", "position", "reasoning", "remoteId", "tools", "updatedAt", "vision" FROM "ConnectionModel";
DROP TABLE "ConnectionModel";
ALTER TABLE "new_ConnectionModel" RENAME TO "ConnectionModel";
CREATE UNIQUE INDEX "ConnectionModel_modelId_key" ON "ConnectionModel"("modelId");
CREATE INDEX "ConnectionModel_connectionId_position_idx" ON "ConnectionModel"("connectionId", "position");
CREATE UNIQUE INDEX "ConnectionModel_connectionId_remoteId_key" ON "ConnectionModel"("connectionId", "remoteId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
