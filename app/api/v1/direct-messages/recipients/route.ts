import { suggestRecipients } from "@/lib/api/handlers/direct-messages";

export const GET = suggestRecipients;
