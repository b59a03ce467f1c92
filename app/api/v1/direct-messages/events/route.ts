import { directMessageEvents } from "@/lib/api/handlers/direct-messages";

export const dynamic = "force-dynamic";
export const GET = directMessageEvents;
