import "server-only";
import { checkHealthShared } from "./health";
import { json } from "./http";

/**
 * /api/health and /api/health/detail: the shared check's states without details (error texts could reveal
 * hosts). "serving" answers 503 only when the instance cannot serve; "everything" when anything is down.
 */
export async function healthResponse(requires: "serving" | "everything"): Promise<Response> {
  const health = await checkHealthShared();
  const checks = Object.fromEntries(
    Object.entries(health.checks).map(([name, check]) => [name, { status: check.status, ms: check.ms }]),
  );
  const connections = Object.fromEntries(
    Object.entries(health.connections).map(([name, check]) => [name, { status: check.status, ms: check.ms }]),
  );
  const ok = requires === "serving" ? health.status !== "down" : health.status === "ok";
  return json(
    { status: health.status, down: health.down, checks, connections },
    { status: ok ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
}
