-- AlterTable
ALTER TABLE "User" ADD COLUMN     "mustVerifyEmail" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "UsedLoginTicket" (
    "nonce" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UsedLoginTicket_pkey" PRIMARY KEY ("nonce")
);

-- CreateTable
CREATE TABLE "TokenReservation" (
    "seq" SERIAL NOT NULL,
    "userId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "tokens" INTEGER NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TokenReservation_pkey" PRIMARY KEY ("seq")
);

-- CreateIndex
CREATE INDEX "UsedLoginTicket_expiresAt_idx" ON "UsedLoginTicket"("expiresAt");

-- CreateIndex
CREATE INDEX "TokenReservation_userId_day_idx" ON "TokenReservation"("userId", "day");

-- CreateIndex
CREATE INDEX "TokenReservation_expiresAt_idx" ON "TokenReservation"("expiresAt");
