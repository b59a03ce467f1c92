import { listDirectMessages, sendDirectMessage } from "@/lib/api/handlers/direct-messages";

export const GET = listDirectMessages;
export const POST = sendDirectMessage;
