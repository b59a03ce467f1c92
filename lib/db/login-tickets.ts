import "server-only";
import { db } from "./client";
import { isUniqueViolation } from "./unique-violation";

/**
 * Records that a login ticket has been used to sign in: true the first time, false for every later try (on
 * any instance: the nonce is the table's key, so two racing code steps cannot both win).
 */
export async function claimLoginTicketNonce(nonce: string, expiresAt: Date): Promise<boolean> {
  try {
    await db.usedLoginTicket.create({ data: { nonce, expiresAt } });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}
