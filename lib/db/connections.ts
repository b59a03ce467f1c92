import "server-only";
import { randomUUID } from "node:crypto";
import { decryptText, encryptText } from "../auth/server-keys";
import { AppError } from "../errors";
import { db } from "./client";
import { CONNECTION_KINDS, type ConnectionKind } from "./connection-kinds";
import { isUniqueViolation } from "./unique-violation";

/**
 * Model connections an admin manages at run time. Instance-wide data (no userId): only superusers reach these
 * functions, through actions that check it. Every change bumps a version row that each instance's registry
 * reads before using its cache, so a change takes effect everywhere at once.
 */

export type { ConnectionKind } from "./connection-kinds";

const VERSION_KEY = "models.version";
const DEFAULT_KEY = "models.default";
const KEY_PURPOSE = "connection-api-key";

export interface ConnectionModelRow {
  id: string;
  remoteId: string;
  modelId: string;
  label: string;
  enabled: boolean;
  position: number;
  vision: boolean;
  tools: boolean;
  reasoning: boolean;
  /** Takes a reasoning effort (low / medium / high). */
  reasoningEffort: boolean;
  contextWindow: number | null;
}

export interface ConnectionRow {
  id: string;
  name: string;
  kind: ConnectionKind;
  baseUrl: string | null;
  apiKeyHint: string | null;
  enabled: boolean;
  models: ConnectionModelRow[];
}

/** A connection with its key decrypted, for the registry and the discovery calls only (never sent to a page). */
export interface ConnectionWithKey extends ConnectionRow {
  apiKey: string | null;
}

const modelSelect = {
  id: true,
  remoteId: true,
  modelId: true,
  label: true,
  enabled: true,
  position: true,
  vision: true,
  tools: true,
  reasoning: true,
  reasoningEffort: true,
  contextWindow: true,
} as const;

function asKind(kind: string): ConnectionKind {
  return (CONNECTION_KINDS as readonly string[]).includes(kind) ? (kind as ConnectionKind) : "openai-compatible";
}

/** The version the registry caches against: a random token, replaced by every change. */
export async function getModelsVersion(): Promise<string> {
  const row = await db.setting.findUnique({ where: { key: VERSION_KEY }, select: { value: true } });
  return typeof row?.value === "string" ? row.value : "0";
}

async function bumpModelsVersion(): Promise<void> {
  const value = randomUUID();
  await db.setting.upsert({ where: { key: VERSION_KEY }, create: { key: VERSION_KEY, value }, update: { value } });
}

export async function getDefaultModelSetting(): Promise<string | null> {
  const row = await db.setting.findUnique({ where: { key: DEFAULT_KEY }, select: { value: true } });
  return typeof row?.value === "string" ? row.value : null;
}

export async function setDefaultModelSetting(modelId: string | null): Promise<void> {
  if (modelId === null) await db.setting.deleteMany({ where: { key: DEFAULT_KEY } });
  else
    await db.setting.upsert({
      where: { key: DEFAULT_KEY },
      create: { key: DEFAULT_KEY, value: modelId },
      update: { value: modelId },
    });
  await bumpModelsVersion();
}

const connectionInclude = {
  models: { select: modelSelect, orderBy: [{ position: "asc" as const }, { createdAt: "asc" as const }] },
};

type RawConnection = {
  id: string;
  name: string;
  kind: string;
  baseUrl: string | null;
  apiKeyHint: string | null;
  apiKeySealed: string | null;
  enabled: boolean;
  models: ConnectionModelRow[];
};

function publicRow(row: RawConnection): ConnectionRow {
  return {
    id: row.id,
    name: row.name,
    kind: asKind(row.kind),
    baseUrl: row.baseUrl,
    apiKeyHint: row.apiKeyHint,
    enabled: row.enabled,
    models: row.models,
  };
}

function unseal(sealed: string | null): string | null {
  if (!sealed) return null;
  try {
    return decryptText(KEY_PURPOSE, sealed);
  } catch {
    // Sealed with another AUTH_SECRET: the admin enters the key again (README, "Rotating AUTH_SECRET").
    return null;
  }
}

/** Every connection with its models, oldest first, keys left out. */
export async function listConnections(): Promise<ConnectionRow[]> {
  const rows = await db.connection.findMany({ include: connectionInclude, orderBy: { createdAt: "asc" } });
  return rows.map(publicRow);
}

/** Every connection with its key decrypted (a key sealed under another secret reads as null). */
export async function listConnectionsWithKeys(): Promise<ConnectionWithKey[]> {
  const rows = await db.connection.findMany({ include: connectionInclude, orderBy: { createdAt: "asc" } });
  return rows.map((row) => ({ ...publicRow(row), apiKey: unseal(row.apiKeySealed) }));
}

export async function getConnectionWithKey(id: string): Promise<ConnectionWithKey> {
  const row = await db.connection.findUnique({ where: { id }, include: connectionInclude });
  if (!row) throw new AppError("not_found:connection", { message: "That connection no longer exists." });
  return { ...publicRow(row), apiKey: unseal(row.apiKeySealed) };
}

function keyFields(apiKey: string | null): { apiKeySealed: string | null; apiKeyHint: string | null } {
  if (!apiKey) return { apiKeySealed: null, apiKeyHint: null };
  return { apiKeySealed: encryptText(KEY_PURPOSE, apiKey), apiKeyHint: apiKey.slice(-4) };
}

function nameTaken(error: unknown): never {
  if (isUniqueViolation(error)) {
    throw new AppError("conflict:connection", {
      message: "A connection with that name already exists.",
      fields: [{ field: "name", message: "Choose another name." }],
    });
  }
  throw error;
}

export async function createConnection(input: {
  name: string;
  kind: ConnectionKind;
  baseUrl: string | null;
  apiKey: string | null;
}): Promise<ConnectionRow> {
  try {
    const row = await db.connection.create({
      data: { name: input.name, kind: input.kind, baseUrl: input.baseUrl, ...keyFields(input.apiKey) },
      include: connectionInclude,
    });
    await bumpModelsVersion();
    return publicRow(row);
  } catch (error) {
    nameTaken(error);
  }
}

/** `apiKey: undefined` keeps the stored key; null removes it. */
export async function updateConnection(
  id: string,
  input: { name?: string; baseUrl?: string | null; apiKey?: string | null; enabled?: boolean },
): Promise<void> {
  try {
    const { count } = await db.connection.updateMany({
      where: { id },
      data: {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.baseUrl !== undefined ? { baseUrl: input.baseUrl } : {}),
        ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
        ...(input.apiKey !== undefined ? keyFields(input.apiKey) : {}),
      },
    });
    if (count === 0) throw new AppError("not_found:connection", { message: "That connection no longer exists." });
  } catch (error) {
    nameTaken(error);
  }
  await bumpModelsVersion();
}

export async function deleteConnection(id: string): Promise<{ name: string } | null> {
  const row = await db.connection.findUnique({ where: { id }, select: { name: true } });
  if (!row) return null;
  await db.connection.deleteMany({ where: { id } });
  await bumpModelsVersion();
  return row;
}

export interface DiscoveredModel {
  remoteId: string;
  label?: string;
  vision: boolean;
  tools: boolean;
  reasoning: boolean;
  reasoningEffort?: boolean;
  contextWindow: number | null;
}

/**
 * Adds the models not yet listed (existing rows keep the admin's choices). Each gets the remote id as its
 * Parley id unless `taken` (or another connection) already uses it, then "<connection name>/<remote id>".
 */
export async function addConnectionModels(
  connectionId: string,
  models: DiscoveredModel[],
  taken: ReadonlySet<string>,
): Promise<number> {
  const connection = await db.connection.findUnique({
    where: { id: connectionId },
    select: { name: true, models: { select: { remoteId: true, position: true } } },
  });
  if (!connection) throw new AppError("not_found:connection", { message: "That connection no longer exists." });
  const known = new Set(connection.models.map((m) => m.remoteId));
  let position = connection.models.reduce((max, m) => Math.max(max, m.position + 1), 0);
  let added = 0;
  for (const model of models) {
    if (known.has(model.remoteId)) continue;
    known.add(model.remoteId);
    const candidates = [model.remoteId, `${connection.name}/${model.remoteId}`];
    for (const modelId of candidates) {
      if (taken.has(modelId)) continue;
      try {
        await db.connectionModel.create({
          data: {
            connectionId,
            remoteId: model.remoteId,
            modelId,
            label: model.label ?? model.remoteId,
            position: position++,
            vision: model.vision,
            tools: model.tools,
            reasoning: model.reasoning,
            reasoningEffort: model.reasoningEffort ?? false,
            contextWindow: model.contextWindow,
          },
        });
        added++;
        break;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
    }
  }
  if (added) await bumpModelsVersion();
  return added;
}

export async function updateConnectionModel(
  id: string,
  input: Partial<
    Pick<
      ConnectionModelRow,
      "label" | "enabled" | "vision" | "tools" | "reasoning" | "reasoningEffort" | "contextWindow"
    >
  >,
): Promise<{ modelId: string }> {
  const row = await db.connectionModel.findUnique({ where: { id }, select: { modelId: true } });
  if (!row) throw new AppError("not_found:model", { message: "That model is no longer listed." });
  await db.connectionModel.update({ where: { id }, data: input });
  await bumpModelsVersion();
  return row;
}

/** Swaps the model with its neighbour above (-1) or below (+1) within its connection. */
export async function moveConnectionModel(id: string, direction: -1 | 1): Promise<{ modelId: string }> {
  const row = await db.connectionModel.findUnique({ where: { id }, select: { connectionId: true, modelId: true } });
  if (!row) throw new AppError("not_found:model", { message: "That model is no longer listed." });
  const siblings = await db.connectionModel.findMany({
    where: { connectionId: row.connectionId },
    select: { id: true },
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
  });
  const from = siblings.findIndex((s) => s.id === id);
  const to = from + direction;
  if (to < 0 || to >= siblings.length) return row;
  const order = siblings.map((s) => s.id);
  [order[from], order[to]] = [order[to] as string, order[from] as string];
  await db.$transaction(
    order.map((modelRowId, position) => db.connectionModel.update({ where: { id: modelRowId }, data: { position } })),
  );
  await bumpModelsVersion();
  return row;
}

export async function deleteConnectionModel(id: string): Promise<{ modelId: string } | null> {
  const row = await db.connectionModel.findUnique({ where: { id }, select: { modelId: true } });
  if (!row) return null;
  await db.connectionModel.deleteMany({ where: { id } });
  await bumpModelsVersion();
  return row;
}
