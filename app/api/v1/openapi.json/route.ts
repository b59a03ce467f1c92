import { getOpenApi } from "@/lib/api/handlers/meta";

export const GET = getOpenApi;
