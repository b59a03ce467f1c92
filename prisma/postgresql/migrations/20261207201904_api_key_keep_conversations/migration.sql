-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN     "keepConversations" BOOLEAN NOT NULL DEFAULT false;
