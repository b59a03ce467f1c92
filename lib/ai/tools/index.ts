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
    return { tools: { ...builtIn, ...mcp.tools }, toolApproval: mcp.approval };
  } catch (error) {
    log.warn("mcp.tools_unavailable", { error });
    return { tools: builtIn, toolApproval: {} };
  }
}
