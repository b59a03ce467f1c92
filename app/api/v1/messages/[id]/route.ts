import { deleteMessage, getMessage, patchMessage, putMessage } from "@/lib/api/handlers/messages";

export const GET = getMessage;
export const PATCH = patchMessage;
export const PUT = putMessage;
export const DELETE = deleteMessage;
