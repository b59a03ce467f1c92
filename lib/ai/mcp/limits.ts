/** More tools than this make models pick worse and fill the context with schemas; the rest are not offered. */
export const MAX_MCP_TOOLS = 24;
