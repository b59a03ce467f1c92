import "server-only";
import { revokeCredentials } from "../db/credentials";
import { hashPassword } from "./password";

/**
 * Sets a new password and ends every other session and program (every one when no `keepSessionId`); a
 * reset (`revokeApiKeys`) also revokes every API key, so nothing minted before it survives.
 */
export async function changePassword(input: {
  userId: string;
  newPassword: string;
  keepSessionId?: string;
  revokeApiKeys?: boolean;
}) {
  await revokeCredentials({
    userId: input.userId,
    passwordHash: await hashPassword(input.newPassword),
    exceptSessionId: input.keepSessionId,
    apiKeys: input.revokeApiKeys,
  });
}
