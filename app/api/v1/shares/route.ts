import { listShares } from "@/lib/api/handlers/shares";

export const GET = listShares;
