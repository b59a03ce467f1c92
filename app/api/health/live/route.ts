import { json } from "@/lib/http";

export const dynamic = "force-dynamic";

/**
 * Liveness, no sign-in: the process answers HTTP. Touches no database, Redis or model server, so an outage of
 * one of them never makes an orchestrator restart instances that could not fix it.
 */
export function GET() {
  return json({ status: "alive" }, { headers: { "cache-control": "no-store" } });
}
