import "server-only";
import { type BlockList, isIP } from "node:net";
import { env } from "../env";
import { parseTrustProxy, type Trust } from "../trust-proxy.js";

/**
 * The client's IP. scripts/server.mjs rewrites X-Forwarded-For on every request: without trusted proxies
 * it is just the socket's address; with TRUST_PROXY set the socket's address is appended to the header.
 * TRUST_PROXY=N (or true = 1): the client is the entry N places before the last. TRUST_PROXY=<list of
 * addresses/CIDRs>: walking from the socket's address leftwards, entries are skipped only while they are
 * one of those proxies, so a client that reaches Parley directly cannot choose its address.
 */
export function clientIp(headers: Headers): string {
  const chain = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => normalizeIp(s.trim()))
    .filter(Boolean);
  const trust = trustedProxies();
  let ip: string | undefined;
  if (trust.kind === "list") {
    let i = chain.length - 1;
    while (i > 0 && isTrusted(trust.list, chain[i] ?? "")) i--;
    ip = chain[i];
  } else {
    ip = chain[chain.length - 1 - trust.hops] ?? chain[0];
  }
  return (ip ?? "unknown").slice(0, 64);
}

function normalizeIp(ip: string): string {
  // A zone index (`fe80::1%eth0`) names the interface, not the client.
  const zone = ip.indexOf("%");
  return (zone === -1 ? ip : ip.slice(0, zone)).replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
}

let cachedTrust: { raw: string | undefined; trust: Trust } | undefined;

function trustedProxies(): Trust {
  const raw = env().TRUST_PROXY?.trim();
  if (cachedTrust?.raw !== raw || !cachedTrust) {
    cachedTrust = { raw, trust: parseTrustProxy(raw) ?? { kind: "hops", hops: 0 } };
  }
  return cachedTrust.trust;
}

function isTrusted(list: BlockList, ip: string): boolean {
  const version = isIP(ip);
  return version !== 0 && list.check(ip, version === 4 ? "ipv4" : "ipv6");
}

/**
 * The subject for per-IP rate limits: an IPv4 address as is, an IPv6 address as its /64 network, since
 * one customer usually gets a whole /64 and could otherwise rotate through 2^64 addresses.
 */
export function ipRateLimitSubject(ip: string): string {
  if (isIP(ip) !== 6) return ip;
  const groups = expandIpv6(ip);
  return groups ? `${groups.slice(0, 4).join(":")}::/64` : ip;
}

function expandIpv6(ip: string): string[] | null {
  let text = ip.toLowerCase();
  // An embedded IPv4 tail (`::ffff:1.2.3.4`): the part after the last colon, matched whole.
  const tailStart = text.lastIndexOf(":") + 1;
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text.slice(tailStart));
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, tailStart)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (tail === undefined && missing !== 0)) return null;
  const groups = [...left, ...Array<string>(tail === undefined ? 0 : missing).fill("0"), ...right];
  return groups.map((g) => Number.parseInt(g, 16).toString(16));
}

export function userAgent(headers: Headers): string | null {
  return headers.get("user-agent")?.slice(0, 512) ?? null;
}

/**
 * The origin for links in emails: APP_URL, else http://localhost:PORT. Never the request's Host header,
 * which the client chooses: a forged one would put an attacker's site into password reset links.
 */
export function appOrigin(): string {
  const { APP_URL, PORT } = env();
  if (APP_URL) return new URL(APP_URL).origin;
  return `http://localhost:${PORT}`;
}
