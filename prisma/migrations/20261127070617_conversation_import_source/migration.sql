-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN "importSource" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Conversation_userId_importSource_key" ON "Conversation"("userId", "importSource");
