// REST-API test helpers for role-dependent behaviour: a user holding a role with given permissions, their
// conversations and their sends.
import { randomUUID } from "node:crypto";
import { beforeEach } from "vitest";
import type { RolePermissionsInput } from "@/lib/auth/admin-schemas";
import { createRole, getDefaultRole, grantRole, updateRolePermissions } from "@/lib/db/roles";
import { type ApiUser, apiUser, call } from "./api";

/** Everything allowed, no limits: what a test's role starts from. */
export const FULL_PERMISSIONS: RolePermissionsInput = {
  allowedModels: null,
  messagesPerMinute: null,
  tokensPerDay: null,
  canCreateApiKeys: true,
  canShareLinks: true,
};

/** Each test starts with the default role allowing everything (a test that limits it cannot leak into the next). */
export function resetDefaultRoleEachTest(): void {
  beforeEach(async () => {
    await updateRolePermissions((await getDefaultRole()).id, FULL_PERMISSIONS);
  });
}

export async function userWithRole(permissions: Partial<RolePermissionsInput>): Promise<ApiUser> {
  const user = await apiUser();
  const role = await createRole({ name: `r${randomUUID().slice(0, 8)}`, description: null });
  await updateRolePermissions(role.id, { ...FULL_PERMISSIONS, ...permissions });
  await grantRole({ userId: user.id, roleId: role.id });
  return user;
}

export async function newConversation(user: ApiUser): Promise<string> {
  return (await call("POST", "/conversations", { key: user.key, body: { title: "Chat" } })).json.id as string;
}

export function send(user: ApiUser, conversationId: string, body: Record<string, unknown> = {}) {
  return call("POST", `/conversations/${conversationId}/messages`, {
    key: user.key,
    body: { id: randomUUID(), content: "Hi", ...body },
  });
}
