import { deleteDirectMessage } from "@/lib/api/handlers/direct-messages";

export const DELETE = deleteDirectMessage;
