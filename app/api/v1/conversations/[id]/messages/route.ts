import { listConversationMessages, postConversationMessage } from "@/lib/api/handlers/messages";

export const GET = listConversationMessages;
export const POST = postConversationMessage;
