import { healthResponse } from "@/lib/health-response";

export const dynamic = "force-dynamic";

/** For operators' monitoring, no sign-in: the same checks as /api/health, but 503 when anything is down. */
export function GET() {
  return healthResponse("everything");
}
