import "server-only";
import type { ToolSet } from "ai";
import { getPermissions } from "../../auth/permissions";
import { getToolsOff } from "../../db/conversation-tools";
import { log } from "../../log";
import { SEARCH_TOOL } from "../../projects/sources";
import { mcpToolsFor } from "../mcp/tools";
import { calculatorTool } from "./calculator";
import { datetimeTool } from "./datetime";
import { searchConversationsTool } from "./search-conversations";
import { searchProjectTool } from "./search-project";

/** The built-in tools for one user's request; in a project chat also the search of the project's files. */
export function toolsFor(userId: string, projectId?: string | null) {
  const tools = {
    calculator: calculatorTool,
    datetime: datetimeTool,
    searchConversations: searchConversationsTool(userId),
  };
  return projectId ? { ...tools, [SEARCH_TOOL]: searchProjectTool(userId, projectId) } : tools;
}

export interface ReplyTools {
  tools: ToolSet;
  /** Tools that wait for the person's Allow before running (streamText's `toolApproval`). */
  toolApproval: Record<string, "user-approval">;
  /**
   * Model-facing tool name → the tool's stable identity ("builtin:<name>", "mcp:<server id>:<tool name>"). The
   * names are given out in loop order (suffixes _2, _3), so a name may mean another tool by the time a person
   * allows a waiting call: the identity stored with the call is what the Allow is checked against.
   */
  toolRefs: Record<string, string>;
}

/**
 * Every tool one reply may use: the built-in ones and the MCP tools the person's roles may use and did not turn
 * off for this conversation, checked now (on every path that starts or continues a reply). The MCP list failing to load leaves the built-in tools.
 */
export async function replyTools(
  userId: string,
  conversationId: string,
  projectId: string | null = null,
): Promise<ReplyTools> {
  const builtIn = toolsFor(userId, projectId);
  try {
    const [{ roleIds }, off] = await Promise.all([getPermissions(userId), getToolsOff({ conversationId, userId })]);
    const mcp = await mcpToolsFor(roleIds, { reserved: Object.keys(builtIn), off });
    const toolRefs = builtInRefs(builtIn);
    for (const [name, binding] of mcp.bindings) toolRefs[name] = `mcp:${binding.serverId}:${binding.toolName}`;
    return { tools: { ...builtIn, ...mcp.tools }, toolApproval: mcp.approval, toolRefs };
  } catch (error) {
    log.warn("mcp.tools_unavailable", { error });
    return { tools: builtIn, toolApproval: {}, toolRefs: builtInRefs(builtIn) };
  }
}

function builtInRefs(builtIn: object): Record<string, string> {
  return Object.fromEntries(Object.keys(builtIn).map((name) => [name, `builtin:${name}`]));
}
