import { createConversation, listConversations } from "@/lib/api/handlers/conversations";

export const GET = listConversations;
export const POST = createConversation;
