-- CreateTable
CREATE TABLE "ContextSummary" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "conversationId" TEXT NOT NULL,
    "throughMessageId" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ContextSummary_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "ContextSummary_throughMessageId_key" ON "ContextSummary"("throughMessageId");

-- CreateIndex
CREATE INDEX "ContextSummary_conversationId_idx" ON "ContextSummary"("conversationId");
