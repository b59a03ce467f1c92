-- AlterTable
ALTER TABLE "Attachment" ADD COLUMN     "textNote" TEXT;
