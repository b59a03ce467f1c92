import { answerToolApproval } from "@/lib/api/handlers/messages";

export const POST = answerToolApproval;
