import { listMessagesFlat, postMessageFlat } from "@/lib/api/handlers/messages";

export const GET = listMessagesFlat;
export const POST = postMessageFlat;
