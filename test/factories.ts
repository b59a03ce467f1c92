import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";

/** A user row for tests (no password login needed). */
export async function createTestUser(prefix = "u") {
  const tag = randomUUID().slice(0, 8);
  return db.user.create({
    data: { email: `${prefix}-${tag}@example.test`, username: `${prefix}${tag}`, passwordHash: "x" },
  });
}
