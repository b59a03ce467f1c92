import { deleteShare } from "@/lib/api/handlers/shares";

export const DELETE = deleteShare;
