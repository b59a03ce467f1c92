import { putFeedback } from "@/lib/api/handlers/feedback";

export const PUT = putFeedback;
