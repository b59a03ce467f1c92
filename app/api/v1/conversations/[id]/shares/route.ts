import { createShare } from "@/lib/api/handlers/shares";

export const POST = createShare;
