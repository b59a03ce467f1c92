import { unblockUser } from "@/lib/api/handlers/direct-messages";

export const DELETE = unblockUser;
