// Plain JavaScript because scripts/server.mjs (run by plain Node, before any TypeScript) imports it too:
// one parser of TRUST_PROXY and one rule for X-Request-Id, shared by the server and the app.
import { BlockList, isIP } from "node:net";

/**
 * @typedef {{ kind: "hops"; hops: number } | { kind: "list"; list: BlockList }} Trust
 */

/**
 * `0`/`false`/unset: none; `true`: 1; `N`: N hops; else a comma-separated list of addresses and CIDRs.
 * Null when it is none of these (lib/env.ts refuses to start).
 * @param {string | undefined} raw
 * @returns {Trust | null}
 */
export function parseTrustProxy(raw) {
  const text = raw?.trim();
  if (!text || text === "false" || text === "0") return { kind: "hops", hops: 0 };
  if (text === "true") return { kind: "hops", hops: 1 };
  if (/^\d+$/.test(text)) return { kind: "hops", hops: Math.min(Number(text), 10) };
  const list = new BlockList();
  for (const entry of text.split(/[\s,]+/).filter(Boolean)) {
    const parsed = parseProxyEntry(entry);
    if (!parsed) return null;
    if (parsed.prefix === undefined) list.addAddress(parsed.address, parsed.type);
    else list.addSubnet(parsed.address, parsed.prefix, parsed.type);
  }
  return { kind: "list", list };
}

/**
 * Whether any proxy is trusted at all (then the server appends the peer to X-Forwarded-For and accepts
 * the proxy's X-Request-Id).
 * @param {Trust | null} trust
 */
export function trustsAnyProxy(trust) {
  return trust !== null && (trust.kind === "list" || trust.hops > 0);
}

/**
 * One TRUST_PROXY list entry (`10.0.0.1`, `10.0.0.0/8`, `fd00::/8`), or null when it is not one.
 * @param {string} entry
 * @returns {{ address: string; prefix?: number; type: "ipv4" | "ipv6" } | null}
 */
function parseProxyEntry(entry) {
  const [address = "", prefixText, extra] = entry.split("/");
  const version = isIP(address);
  if (!version || extra !== undefined) return null;
  const type = version === 4 ? "ipv4" : "ipv6";
  if (prefixText === undefined) return { address, type };
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > (version === 4 ? 32 : 128)) return null;
  return { address, prefix: Number(prefixText), type };
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The request's id: the one a trusted proxy sent (when it is short and plain), else a new UUID. A client
 * that reaches Parley directly cannot choose the id that appears in the logs.
 * @param {string | string[] | null | undefined} sent
 * @param {boolean} trusted
 */
export function requestIdFor(sent, trusted) {
  const value = Array.isArray(sent) ? sent[0] : sent;
  return trusted && value && REQUEST_ID.test(value) ? value : crypto.randomUUID();
}
