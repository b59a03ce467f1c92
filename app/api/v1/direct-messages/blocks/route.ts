import { blockUser, listBlocks } from "@/lib/api/handlers/direct-messages";

export const GET = listBlocks;
export const POST = blockUser;
