import { listDirectThreads } from "@/lib/api/handlers/direct-messages";

export const GET = listDirectThreads;
