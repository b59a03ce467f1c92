import { getMe } from "@/lib/api/handlers/meta";

export const GET = getMe;
