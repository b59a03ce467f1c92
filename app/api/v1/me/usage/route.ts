import { getUsage } from "@/lib/api/handlers/usage";

export const GET = getUsage;
