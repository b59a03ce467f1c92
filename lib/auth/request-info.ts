import "server-only";
import { env } from "../env";
import { log } from "../log";

let warnedAboutHost = false;

/**
 * The client's IP. scripts/server.mjs rewrites X-Forwarded-For on every request: without trusted proxies
 * it is just the socket's address; behind TRUST_PROXY=N proxies the socket's address is appended, so the
 * client is the entry N places before the last (written by our outermost proxy). Entries before that are
 * client-supplied and never used.
 */
export function clientIp(headers: Headers): string {
  const hops = trustedProxyHops();
  const chain = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const ip = chain[chain.length - 1 - hops] ?? chain[0] ?? "unknown";
  return ip.replace(/^::ffff:/, "").slice(0, 64);
}

function trustedProxyHops(): number {
  const raw = env().TRUST_PROXY?.trim();
  if (!raw || raw === "false" || raw === "0") return 0;
  if (raw === "true") return 1;
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? Math.min(n, 10) : 0;
}

export function userAgent(headers: Headers): string | null {
  return headers.get("user-agent")?.slice(0, 512) ?? null;
}

/** The origin for links in emails: APP_URL when set (do set it in production), else this request's. */
export function appOrigin(headers: Headers): string {
  const configured = env().APP_URL;
  if (configured) return new URL(configured).origin;
  if (!warnedAboutHost && env().NODE_ENV === "production") {
    warnedAboutHost = true;
    // A forged Host header would otherwise put an attacker's site into password reset links.
    log.warn("config.app_url_missing", { hint: "Set APP_URL: email links now use the request's Host header." });
  }
  const host = headers.get("host") ?? "localhost";
  const proto = headers.get("x-forwarded-proto") === "https" ? "https" : "http";
  return `${proto}://${host}`;
}
