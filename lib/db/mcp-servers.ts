import "server-only";
import { randomUUID } from "node:crypto";
import { decryptText, encryptText } from "../auth/server-keys";
import { AppError } from "../errors";
import { db } from "./client";
import type { Prisma } from "./generated/sqlite/client";
import { isUniqueViolation } from "./unique-violation";

/**
 * MCP servers an admin manages at run time (/admin/tools). Instance-wide data (no userId): only superusers
 * change it, through actions that check it. Every configuration change bumps a version row that each
 * instance's connection cache reads before use, so a change takes effect everywhere at once.
 */

const VERSION_KEY = "mcp.version";
const TOKEN_PURPOSE = "mcp-bearer-token";

export type McpTransport = "http" | "stdio";
export type McpStatus = "unknown" | "connected" | "failing";

export interface McpToolRow {
  id: string;
  name: string;
  description: string;
  inputSchema: unknown;
  enabled: boolean;
  askBeforeRunning: boolean;
}

export interface McpServerRow {
  id: string;
  name: string;
  transport: McpTransport;
  url: string;
  tokenHint: string | null;
  enabled: boolean;
  askBeforeRunning: boolean;
  /** Role ids whose members may use it; null: every role. */
  allowedRoles: string[] | null;
  status: McpStatus;
  statusReason: string | null;
  checkedAt: Date | null;
  tools: McpToolRow[];
}

/** A server with its bearer token decrypted: for the MCP client only, never sent to a page or logged. */
export interface McpServerWithToken extends McpServerRow {
  token: string | null;
}

const toolSelect = {
  id: true,
  name: true,
  description: true,
  inputSchema: true,
  enabled: true,
  askBeforeRunning: true,
} as const;
const include = { tools: { select: toolSelect, orderBy: { name: "asc" as const } } };

type RawServer = Prisma.McpServerGetPayload<{ include: typeof include }>;

function roleList(value: unknown): string[] | null {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : null;
}

function publicRow(row: RawServer): McpServerRow {
  return {
    id: row.id,
    name: row.name,
    transport: row.transport === "stdio" ? "stdio" : "http",
    url: row.url,
    tokenHint: row.tokenHint,
    enabled: row.enabled,
    askBeforeRunning: row.askBeforeRunning,
    allowedRoles: roleList(row.allowedRoles),
    status: row.status === "connected" || row.status === "failing" ? row.status : "unknown",
    statusReason: row.statusReason,
    checkedAt: row.checkedAt,
    tools: row.tools,
  };
}

function unseal(sealed: string | null): string | null {
  if (!sealed) return null;
  try {
    return decryptText(TOKEN_PURPOSE, sealed);
  } catch {
    // Sealed under another AUTH_SECRET: the admin enters the token again.
    return null;
  }
}

function tokenFields(token: string | null): { tokenSealed: string | null; tokenHint: string | null } {
  if (!token) return { tokenSealed: null, tokenHint: null };
  return { tokenSealed: encryptText(TOKEN_PURPOSE, token), tokenHint: token.slice(-4) };
}

/** The version connection caches compare against: a random token, replaced by every configuration change. */
export async function getMcpVersion(): Promise<string> {
  const row = await db.setting.findUnique({ where: { key: VERSION_KEY }, select: { value: true } });
  return typeof row?.value === "string" ? row.value : "0";
}

async function bumpMcpVersion(): Promise<void> {
  const value = randomUUID();
  await db.setting.upsert({ where: { key: VERSION_KEY }, create: { key: VERSION_KEY, value }, update: { value } });
}

/** Every server with its tools, oldest first, tokens left out. */
export async function listMcpServers(): Promise<McpServerRow[]> {
  const rows = await db.mcpServer.findMany({ include, orderBy: { createdAt: "asc" } });
  return rows.map(publicRow);
}

/** Every enabled server with its token decrypted (a token sealed under another secret reads as null). */
export async function listEnabledMcpServersWithTokens(): Promise<McpServerWithToken[]> {
  const rows = await db.mcpServer.findMany({ where: { enabled: true }, include, orderBy: { createdAt: "asc" } });
  return rows.map((row) => ({ ...publicRow(row), token: unseal(row.tokenSealed) }));
}

export async function getMcpServerWithToken(id: string): Promise<McpServerWithToken> {
  const row = await db.mcpServer.findUnique({ where: { id }, include });
  if (!row) throw new AppError("not_found:mcp_server", { message: "That server no longer exists." });
  return { ...publicRow(row), token: unseal(row.tokenSealed) };
}

function nameTaken(error: unknown): never {
  if (isUniqueViolation(error)) {
    throw new AppError("conflict:mcp_server", {
      message: "A server with that name already exists.",
      fields: [{ field: "name", message: "Choose another name." }],
    });
  }
  throw error;
}

export async function createMcpServer(input: {
  name: string;
  transport: McpTransport;
  url: string;
  token: string | null;
}): Promise<McpServerRow> {
  try {
    const row = await db.mcpServer.create({
      data: { name: input.name, transport: input.transport, url: input.url, ...tokenFields(input.token) },
      include,
    });
    await bumpMcpVersion();
    return publicRow(row);
  } catch (error) {
    nameTaken(error);
  }
}

/** Where a server's bearer token goes: the URL's origin (a command line, for stdio, stands for itself). */
function tokenAudience(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/**
 * `token: undefined` keeps the stored token, unless the address moves to another origin: the token was given
 * for the old server, and must not be sent to the new one unless an admin enters it again. null removes it.
 * `allowedRoles: null` lets every role use it. Returns whether a stored token was dropped for a moved address.
 */
export async function updateMcpServer(
  id: string,
  input: {
    transport?: McpTransport;
    url?: string;
    token?: string | null;
    enabled?: boolean;
    askBeforeRunning?: boolean;
    allowedRoles?: string[] | null;
  },
): Promise<{ tokenDropped: boolean }> {
  let token = input.token;
  let tokenDropped = false;
  if (input.url !== undefined && token === undefined) {
    const current = await db.mcpServer.findUnique({ where: { id }, select: { url: true, tokenSealed: true } });
    if (current && tokenAudience(current.url) !== tokenAudience(input.url)) {
      token = null;
      tokenDropped = current.tokenSealed !== null;
    }
  }
  const { count } = await db.mcpServer.updateMany({
    where: { id },
    data: {
      ...(input.url !== undefined ? { url: input.url } : {}),
      ...(input.transport !== undefined ? { transport: input.transport } : {}),
      ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
      ...(input.askBeforeRunning !== undefined ? { askBeforeRunning: input.askBeforeRunning } : {}),
      ...(input.allowedRoles !== undefined ? { allowedRoles: input.allowedRoles ?? dbNull() } : {}),
      ...(token !== undefined ? tokenFields(token) : {}),
    },
  });
  if (count === 0) throw new AppError("not_found:mcp_server", { message: "That server no longer exists." });
  await bumpMcpVersion();
  return { tokenDropped };
}

function dbNull() {
  // Prisma's JSON null: a SQL NULL in both dialects (read back as null).
  return null as unknown as Prisma.InputJsonValue;
}

export async function deleteMcpServer(id: string): Promise<{ name: string } | null> {
  const row = await db.mcpServer.findUnique({ where: { id }, select: { name: true } });
  if (!row) return null;
  await db.mcpServer.deleteMany({ where: { id } });
  await bumpMcpVersion();
  return row;
}

export async function updateMcpTool(
  serverId: string,
  toolId: string,
  input: { enabled: boolean; askBeforeRunning: boolean },
): Promise<{ name: string }> {
  const tool = await db.mcpTool.findFirst({ where: { id: toolId, serverId }, select: { name: true } });
  if (!tool) throw new AppError("not_found:mcp_tool", { message: "That tool is no longer listed." });
  await db.mcpTool.updateMany({ where: { id: toolId, serverId }, data: input });
  await bumpMcpVersion();
  return tool;
}

export interface ListedTool {
  name: string;
  description: string;
  inputSchema: Prisma.InputJsonValue;
}

/**
 * The tools a server lists now: new ones are added (enabled), existing ones keep the admin's choices and get
 * the new description and schema, and ones the server no longer lists are removed. The status is recorded too.
 */
export async function syncMcpTools(serverId: string, tools: ListedTool[]): Promise<void> {
  const existing = await db.mcpTool.findMany({ where: { serverId }, select: { name: true } });
  const listed = new Set(tools.map((t) => t.name));
  const gone = existing.map((t) => t.name).filter((name) => !listed.has(name));
  let changed = gone.length > 0;
  if (gone.length) await db.mcpTool.deleteMany({ where: { serverId, name: { in: gone } } });
  const known = new Set(existing.map((t) => t.name));
  for (const tool of tools) {
    if (!known.has(tool.name)) changed = true;
    await db.mcpTool.upsert({
      where: { serverId_name: { serverId, name: tool.name } },
      create: { serverId, ...tool },
      update: { description: tool.description, inputSchema: tool.inputSchema },
    });
  }
  if (changed) await bumpMcpVersion();
}

/** What the last attempt to reach the server found (not a configuration change: no version bump). */
export async function setMcpServerStatus(id: string, status: McpStatus, reason: string | null): Promise<void> {
  await db.mcpServer.updateMany({
    where: { id },
    data: { status, statusReason: reason?.slice(0, 500) ?? null, checkedAt: new Date() },
  });
}
