"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { auditAction, formAction, formList, formText, refusal, submitAction, success } from "@/lib/action";
import { refreshMcpServer } from "@/lib/ai/mcp/discovery";
import { serverEditSchema, serverFormSchema } from "@/lib/ai/mcp/schemas";
import { createMcpServer, deleteMcpServer, updateMcpServer, updateMcpTool } from "@/lib/db/mcp-servers";
import { env } from "@/lib/env";
import { log } from "@/lib/log";

// Every action here is for superusers only; the wrapper refuses anyone else before the body runs.
const admin = { access: "superuser" } as const;
const PAGE = "/admin/tools";

const idOf = (name: string) => z.string().uuid({ message: `Missing or invalid ${name}.` });
const checked = z.preprocess((v) => v === "on" || v === "true", z.boolean());

function firstIssue(error: z.ZodError, fallback: string) {
  const issue = error.issues[0];
  return refusal({ [String(issue?.path[0] ?? fallback)]: issue?.message });
}

export const addMcpServerAction = formAction(
  {
    ...admin,
    name: "admin.addMcpServer",
    input: z.object({ name: formText(z.string()), url: formText(z.string()), token: formText(z.string()) }),
    keep: { name: 60, url: 1000 },
  },
  async (form, user) => {
    const parsed = serverFormSchema(env().PARLEY_MCP_STDIO).safeParse(form);
    if (!parsed.success) return firstIssue(parsed.error, "name");
    const { name, url, token } = parsed.data;
    const server = await createMcpServer({ name, ...url, token });
    await auditAction(user, "admin.mcp_server_added", {
      subjectId: null,
      details: { serverId: server.id, name: server.name, transport: server.transport, url: server.url },
    });
    const listed = await refreshMcpServer(server.id);
    log.info("admin.mcp_server_added", { adminId: user.id, serverId: server.id, tools: listed.count });
    revalidatePath(PAGE);
    return success(null, {
      notice: listed.ok
        ? `Added “${server.name}”. ${listed.message}`
        : `Added “${server.name}”, but it is failing: ${listed.message}`,
    });
  },
);
const ServerInput = z.object({ serverId: idOf("serverId") });

/** "Refresh": list the server's tools again and record whether it answers. */
export const refreshMcpServerAction = formAction(
  { ...admin, name: "admin.refreshMcpServer", input: ServerInput },
  async ({ serverId }, user) => {
    const listed = await refreshMcpServer(serverId);
    await auditAction(user, "admin.mcp_tools_listed", {
      subjectId: null,
      details: { serverId, ok: String(listed.ok), tools: String(listed.count) },
    });
    revalidatePath(PAGE);
    return listed.ok ? success(null, { notice: listed.message }) : refusal(listed.message);
  },
);
export const editMcpServerAction = formAction(
  {
    ...admin,
    name: "admin.editMcpServer",
    input: ServerInput.extend({
      url: formText(z.string()),
      token: formText(z.string()),
      removeToken: checked,
      enabled: checked,
      askBeforeRunning: checked,
      allRoles: checked,
      roleIds: formList(z.array(z.string())),
    }),
    keep: { url: 1000 },
  },
  async ({ serverId, ...form }, user) => {
    const parsed = serverEditSchema(env().PARLEY_MCP_STDIO).safeParse(form);
    if (!parsed.success) return firstIssue(parsed.error, "url");
    const { url, token, removeToken, allRoles, roleIds, ...rest } = parsed.data;
    // An empty token field keeps the stored token (it is never sent to the page to be shown again).
    const { tokenDropped } = await updateMcpServer(serverId, {
      ...url,
      ...rest,
      token: removeToken ? null : (token ?? undefined),
      allowedRoles: allRoles ? null : roleIds,
    });
    await auditAction(user, "admin.mcp_server_updated", {
      subjectId: null,
      details: {
        serverId,
        url: url.url,
        enabled: String(rest.enabled),
        askBeforeRunning: String(rest.askBeforeRunning),
        roles: allRoles ? "all" : roleIds.join(","),
        token: removeToken ? "removed" : token ? "replaced" : tokenDropped ? "removed (new origin)" : "kept",
      },
    });
    revalidatePath(PAGE);
    const notice = tokenDropped
      ? "Server saved. Its token was removed because the address moved to another site: enter it again if the new server needs it."
      : "Server saved.";
    return success(null, { notice });
  },
);
export const removeMcpServerAction = submitAction(
  { ...admin, name: "admin.removeMcpServer", input: ServerInput },
  async ({ serverId }, user) => {
    const removed = await deleteMcpServer(serverId);
    if (removed) {
      await auditAction(user, "admin.mcp_server_removed", {
        subjectId: null,
        details: { serverId, name: removed.name },
      });
    }
    revalidatePath(PAGE);
  },
);
export const editMcpToolAction = formAction(
  {
    ...admin,
    name: "admin.editMcpTool",
    input: ServerInput.extend({ toolId: idOf("toolId"), enabled: checked, askBeforeRunning: checked }),
  },
  async ({ serverId, toolId, enabled, askBeforeRunning }, user) => {
    const tool = await updateMcpTool(serverId, toolId, { enabled, askBeforeRunning });
    await auditAction(user, "admin.mcp_tool_updated", {
      subjectId: null,
      details: { serverId, tool: tool.name, enabled: String(enabled), askBeforeRunning: String(askBeforeRunning) },
    });
    revalidatePath(PAGE);
    return success(null, { notice: "Saved." });
  },
);
