import { checkHealthShared } from "@/lib/health";
import { json } from "@/lib/http";

export const dynamic = "force-dynamic";

/**
 * For load balancers and orchestrators, no sign-in: 200 with the state of the database, Redis and the model
 * server, or 503 naming what is down. Details stay out: error texts could reveal hosts. One check serves
 * every call within a few seconds.
 */
export async function GET() {
  const health = await checkHealthShared();
  const checks = Object.fromEntries(
    Object.entries(health.checks).map(([name, check]) => [name, { status: check.status, ms: check.ms }]),
  );
  const connections = Object.fromEntries(
    Object.entries(health.connections).map(([name, check]) => [name, { status: check.status, ms: check.ms }]),
  );
  return json(
    { status: health.status, down: health.down, checks, connections },
    { status: health.status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
}
