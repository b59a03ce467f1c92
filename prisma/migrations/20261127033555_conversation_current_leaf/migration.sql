-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN "currentLeafId" TEXT;
