import "server-only";
import { createDecipheriv, createHash, createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { decode as authJsDecode, type JWT, type JWTDecodeParams } from "next-auth/jwt";

/**
 * Auth.js's session token decoder, with its usual case done synchronously. Auth.js (through jose) decrypts
 * with WebCrypto: deriving the key, hashing its thumbprint, importing two keys, verifying and decrypting are
 * each a job on libuv's thread pool and a trip through the event loop. On this 2-core machine under load that
 * took 2-4 ms of every signed-in request; node:crypto does the same work in about 0.05 ms.
 *
 * Only a token exactly as Auth.js writes it (`dir` + A256CBC-HS512, RFC 7516 / RFC 7518 section 5.2.2) is
 * handled here, and only accepted when its tag verifies and its time claims are valid as jose checks them;
 * anything else (another algorithm, several secrets, a bad tag, an expired token) goes to Auth.js's own
 * decoder, so nothing is accepted that Auth.js would refuse.
 */
export async function decodeSessionToken(params: JWTDecodeParams): Promise<JWT | null> {
  const secret = Array.isArray(params.secret) && params.secret.length === 1 ? params.secret[0] : params.secret;
  if (params.token && typeof secret === "string") {
    const key = derivedKey(secret, params.salt);
    const payload = decryptDirA256CbcHs512(params.token, key, thumbprintOf(key));
    if (payload) return payload;
  }
  return authJsDecode(params);
}

const CLOCK_TOLERANCE_SECONDS = 15; // what Auth.js passes to jose
const ALLOWED_HEADER = new Set(["alg", "enc", "kid"]);

// Derived keys by secret and salt: a pure function of both (HKDF), kept so it is not recomputed per request.
const keys = new Map<string, Buffer>();

function derivedKey(secret: string, salt: string): Buffer {
  const id = `${salt}\u0000${secret}`;
  let key = keys.get(id);
  if (!key) {
    // Auth.js's getDerivedEncryptionKey for A256CBC-HS512.
    key = Buffer.from(hkdfSync("sha256", secret, salt, `Auth.js Generated Encryption Key (${salt})`, 64));
    keys.set(id, key);
  }
  return key;
}

// RFC 7638 thumbprint of the key as Auth.js computes it for `kid` (an oct JWK, SHA-512).
const thumbprints = new WeakMap<Buffer, string>();
function thumbprintOf(key: Buffer): string {
  let kid = thumbprints.get(key);
  if (!kid) {
    kid = createHash("sha512")
      .update(`{"k":"${key.toString("base64url")}","kty":"oct"}`)
      .digest("base64url");
    thumbprints.set(key, kid);
  }
  return kid;
}

// jose decodes base64url strictly: anything else would make one token readable under many spellings.
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** The payload of a valid compact JWE made with `key`, or null for anything this fast path does not accept. */
export function decryptDirA256CbcHs512(token: string, key: Buffer, kid?: string): JWT | null {
  const parts = token.split(".");
  if (parts.length !== 5 || !parts.every((part) => BASE64URL.test(part) && part.length % 4 !== 1)) return null;
  const [protectedHeader, encryptedKey, ivText, ciphertextText, tagText] = parts as [
    string,
    string,
    string,
    string,
    string,
  ];
  if (encryptedKey !== "") return null;
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(protectedHeader, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (typeof header !== "object" || header === null || Array.isArray(header)) return null;
  if (header.alg !== "dir" || header.enc !== "A256CBC-HS512") return null;
  if (Object.keys(header).some((name) => !ALLOWED_HEADER.has(name))) return null;
  // Auth.js refuses a kid that is not this key's thumbprint.
  if (header.kid !== undefined && header.kid !== kid) return null;
  const iv = Buffer.from(ivText, "base64url");
  const ciphertext = Buffer.from(ciphertextText, "base64url");
  const tag = Buffer.from(tagText, "base64url");
  if (iv.length !== 16 || tag.length !== 32 || ciphertext.length === 0 || ciphertext.length % 16 !== 0) return null;
  // RFC 7518 5.2.2.1: the tag is the first half of HMAC-SHA-512(MAC key, AAD || IV || ciphertext || AL).
  const aad = Buffer.from(protectedHeader, "ascii");
  const aadBits = Buffer.alloc(8);
  aadBits.writeBigUInt64BE(BigInt(aad.length) * 8n);
  const expected = createHmac("sha512", key.subarray(0, 32))
    .update(aad)
    .update(iv)
    .update(ciphertext)
    .update(aadBits)
    .digest()
    .subarray(0, 32);
  if (!timingSafeEqual(expected, tag)) return null;
  let payload: unknown;
  try {
    const decipher = createDecipheriv("aes-256-cbc", key.subarray(32), iv);
    payload = JSON.parse(Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8"));
  } catch {
    return null;
  }
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) return null;
  return validTimes(payload as Record<string, unknown>) ? (payload as JWT) : null;
}

/** jose's checks of exp, nbf and iat (with Auth.js's 15 s tolerance). */
function validTimes(payload: Record<string, unknown>): boolean {
  const now = Math.floor(Date.now() / 1000);
  const { exp, nbf, iat } = payload;
  if (exp !== undefined && (typeof exp !== "number" || exp <= now - CLOCK_TOLERANCE_SECONDS)) return false;
  if (nbf !== undefined && (typeof nbf !== "number" || nbf > now + CLOCK_TOLERANCE_SECONDS)) return false;
  if (iat !== undefined && typeof iat !== "number") return false;
  return true;
}
