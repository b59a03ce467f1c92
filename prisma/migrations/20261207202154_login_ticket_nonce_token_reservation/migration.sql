-- CreateTable
CREATE TABLE "UsedLoginTicket" (
    "nonce" TEXT NOT NULL PRIMARY KEY,
    "expiresAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "TokenReservation" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "userId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "tokens" INTEGER NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "fullName" TEXT,
    "bio" TEXT,
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "isSuperuser" BOOLEAN NOT NULL DEFAULT false,
    "emailVerifiedAt" DATETIME,
    "lastLoginAt" DATETIME,
    "sessionVersion" INTEGER NOT NULL DEFAULT 0,
    "deletedAt" DATETIME,
    "pendingApproval" BOOLEAN NOT NULL DEFAULT false,
    "mustVerifyEmail" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_User" ("bio", "createdAt", "deletedAt", "email", "emailVerifiedAt", "fullName", "id", "isActive", "isSuperuser", "lastLoginAt", "passwordHash", "pendingApproval", "sessionVersion", "updatedAt", "username") SELECT "bio", "createdAt", "deletedAt", "email", "emailVerifiedAt", "fullName", "id", "isActive", "isSuperuser", "lastLoginAt", "passwordHash", "pendingApproval", "sessionVersion", "updatedAt", "username" FROM "User";
DROP TABLE "User";
ALTER TABLE "new_User" RENAME TO "User";
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");
CREATE INDEX "User_createdAt_idx" ON "User"("createdAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "UsedLoginTicket_expiresAt_idx" ON "UsedLoginTicket"("expiresAt");

-- CreateIndex
CREATE INDEX "TokenReservation_userId_day_idx" ON "TokenReservation"("userId", "day");

-- CreateIndex
CREATE INDEX "TokenReservation_expiresAt_idx" ON "TokenReservation"("expiresAt");
