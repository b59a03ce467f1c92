import {
  deleteConversation,
  getConversation,
  patchConversation,
  putConversation,
} from "@/lib/api/handlers/conversations";

export const GET = getConversation;
export const PATCH = patchConversation;
export const PUT = putConversation;
export const DELETE = deleteConversation;
