-- CreateTable
CREATE TABLE "ContextSummary" (
    "id" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "throughMessageId" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ContextSummary_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ContextSummary_throughMessageId_key" ON "ContextSummary"("throughMessageId");

-- CreateIndex
CREATE INDEX "ContextSummary_conversationId_idx" ON "ContextSummary"("conversationId");

-- AddForeignKey
ALTER TABLE "ContextSummary" ADD CONSTRAINT "ContextSummary_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
