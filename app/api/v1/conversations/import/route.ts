import { importConversations } from "@/lib/api/handlers/imports";

export const POST = importConversations;
