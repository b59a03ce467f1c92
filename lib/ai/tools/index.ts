import "server-only";
import { SEARCH_TOOL } from "../../projects/sources";
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
