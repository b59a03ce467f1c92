-- AlterTable
ALTER TABLE "ConnectionModel" ADD COLUMN     "reasoningEffort" BOOLEAN NOT NULL DEFAULT false;
