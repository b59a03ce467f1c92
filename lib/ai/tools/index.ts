import "server-only";
import { calculatorTool } from "./calculator";
import { datetimeTool } from "./datetime";
import { searchConversationsTool } from "./search-conversations";

/** The built-in tools for one user's request. */
export function toolsFor(userId: string) {
  return {
    calculator: calculatorTool,
    datetime: datetimeTool,
    searchConversations: searchConversationsTool(userId),
  };
}
