import { markDirectMessagesRead } from "@/lib/api/handlers/direct-messages";

export const POST = markDirectMessagesRead;
