import { restoreConversation } from "@/lib/api/handlers/conversations";

export const POST = restoreConversation;
