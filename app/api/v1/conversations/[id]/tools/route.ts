import { getConversationTools, putConversationTools } from "@/lib/api/handlers/conversation-tools";

export const GET = getConversationTools;
export const PUT = putConversationTools;
