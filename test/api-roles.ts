// REST-API test helpers for role-dependent behaviour: a user holding a role with given permissions, their
// conversations and their sends.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach } from "vitest";
import type { RolePermissionsInput } from "@/lib/auth/admin-schemas";
import { createRole, getDefaultRole, grantRole, updateRolePermissions } from "@/lib/db/roles";
import { type ApiUser, apiUser, call } from "./api";
import { type MockServer, startMockServer } from "./openai-mock-server";

/** Everything allowed, no limits: what a test's role starts from. */
export const FULL_PERMISSIONS: RolePermissionsInput = {
  allowedModels: null,
  messagesPerMinute: null,
  tokensPerDay: null,
  canCreateApiKeys: true,
  canShareLinks: true,
};

/**
 * For a test file that sends through the API: the OpenAI-compatible mock server on loopback for the whole
 * file, the model registry pointed at it (`models` as PARLEY_MODELS), no retries, and no scripted reply at the
 * start of each test. The returned server is filled in before the first test runs.
 */
export function mockModelsForFile(models = "mock-small=Mock Small"): MockServer {
  const mock = {} as MockServer;
  beforeAll(async () => {
    Object.assign(mock, await startMockServer());
    process.env.OPENAI_BASE_URL = mock.baseURL;
    process.env.OPENAI_API_KEY = "test";
    process.env.PARLEY_MODELS = models;
    process.env.PARLEY_MODEL_MAX_RETRIES = "0";
  });
  afterAll(async () => {
    await mock.close();
  });
  beforeEach(() => mock.setReply(null));
  return mock;
}

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
