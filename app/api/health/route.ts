import { healthResponse } from "@/lib/health-response";

export const dynamic = "force-dynamic";

/**
 * Readiness, for load balancers and orchestrators, no sign-in: 200 while this instance serves (its database
 * answers), with `"status":"degraded"` and `down` naming Redis or the model server when they do not (Parley
 * keeps serving then); 503 when the database is down. `/api/health/detail` is the operators' check (503 when
 * anything is down), `/api/health/live` the liveness probe. One check serves every call within a few seconds.
 */
export function GET() {
  return healthResponse("serving");
}
