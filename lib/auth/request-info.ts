import "server-only";

/**
 * The client's IP. Next's server appends the socket's address to X-Forwarded-For, so the last entry
 * is the peer that connected to us; with TRUST_PROXY=N, the N proxies in front of us are skipped.
 * Entries before those are client-supplied and never trusted.
 */
export function clientIp(headers: Headers): string {
  const hops = trustedProxyHops();
  const chain = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const ip = chain[chain.length - 1 - hops] ?? chain[0] ?? headers.get("x-real-ip") ?? "unknown";
  return ip.replace(/^::ffff:/, "");
}

function trustedProxyHops(): number {
  const raw = process.env.TRUST_PROXY?.trim();
  if (!raw || raw === "false" || raw === "0") return 0;
  if (raw === "true") return 1;
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? Math.min(n, 10) : 0;
}

export function userAgent(headers: Headers): string | null {
  return headers.get("user-agent")?.slice(0, 512) ?? null;
}
