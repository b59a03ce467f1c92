import "server-only";
import { listModels, type ModelInfo } from "../ai/providers";
import { getDefaultRole, getEffectiveRolePermissions } from "../db/roles";
import { env } from "../env";
import { AppError } from "../errors";

export interface Permissions {
  /** Model ids the person may use; null: every configured model. */
  allowedModels: ReadonlySet<string> | null;
  messagesPerMinute: number;
  /** Input + output tokens per UTC day; null: no limit. */
  tokensPerDay: number | null;
  canCreateApiKeys: boolean;
  canShareLinks: boolean;
  /** The roles these come from ("default" when the person has none). */
  roles: string[];
  /** Their ids (what MCP servers' role lists name). */
  roleIds: string[];
}

type RolePermissions = Awaited<ReturnType<typeof getEffectiveRolePermissions>>[number];

function modelList(value: unknown): string[] | null {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : null;
}

/**
 * Several roles add up to the most generous of each permission: any role's models, the highest limits
 * (a role without a limit lifts it), and any role's yes.
 */
export function combineRoles(roles: RolePermissions[], serverMessagesPerMinute: number): Permissions {
  let models: Set<string> | null = new Set();
  let perMinute = 0;
  let perDay: number | null = 0;
  for (const role of roles) {
    const list = modelList(role.allowedModels);
    if (list === null) models = null;
    else if (models) for (const id of list) models.add(id);
    perMinute = Math.max(perMinute, role.messagesPerMinute ?? serverMessagesPerMinute);
    perDay = perDay === null || role.tokensPerDay === null ? null : Math.max(perDay, role.tokensPerDay);
  }
  return {
    allowedModels: models,
    messagesPerMinute: perMinute,
    tokensPerDay: perDay,
    canCreateApiKeys: roles.some((r) => r.canCreateApiKeys),
    canShareLinks: roles.some((r) => r.canShareLinks),
    roles: roles.map((r) => r.name),
    roleIds: roles.map((r) => r.id),
  };
}

/** What this person may do: their roles combined, or the editable "default" role when they have none. */
export async function getPermissions(userId: string): Promise<Permissions> {
  const found = await getEffectiveRolePermissions(userId);
  // Nothing at all only before the default role's first use, which creates it.
  const roles = found.length ? found : [await getDefaultRole()];
  return combineRoles(roles, env().PARLEY_MESSAGES_PER_MINUTE);
}

export function modelAllowed(permissions: Permissions, modelId: string): boolean {
  return permissions.allowedModels === null || permissions.allowedModels.has(modelId);
}

/** The configured models this person may pick, default first. */
export async function modelsFor(permissions: Permissions): Promise<ModelInfo[]> {
  return (await listModels()).filter((m) => modelAllowed(permissions, m.id));
}

export async function listAllowedModels(userId: string): Promise<ModelInfo[]> {
  return await modelsFor(await getPermissions(userId));
}

export function modelForbidden(modelId: string, field = "modelId"): AppError {
  return new AppError("forbidden:model", {
    message: `Your role does not allow the model "${modelId}".`,
    fields: [{ field, message: "Not one of the models your role allows." }],
  });
}

export function requireSharePermission(permissions: Permissions): void {
  if (!permissions.canShareLinks) {
    throw new AppError("forbidden:share_links", { message: "Your role does not allow sharing links." });
  }
}
