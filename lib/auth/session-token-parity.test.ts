import { createCipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { base64url, CompactEncrypt, calculateJwkThumbprint } from "jose";
import { decode as authJsDecode, encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { decodeSessionToken } from "./session-token";

// Review of the synchronous decoder: whatever it accepts, Auth.js's own decode must accept, with the same payload.
const secret = "review-secret-0123456789abcdef0123456789";
const salt = "authjs.session-token";
const key64 = Buffer.from(hkdfSync("sha256", secret, salt, `Auth.js Generated Encryption Key (${salt})`, 64));
const key32 = Buffer.from(hkdfSync("sha256", secret, salt, `Auth.js Generated Encryption Key (${salt})`, 32));
const now = () => Math.floor(Date.now() / 1000);

async function both(token: string, s: string | string[] = secret, sa = salt) {
  const ours = await decodeSessionToken({ token, secret: s, salt: sa }).then(
    (v) => ({ ok: v }),
    (e: Error) => ({ error: e.constructor.name }),
  );
  const theirs = await authJsDecode({ token, secret: s, salt: sa }).then(
    (v) => ({ ok: v }),
    (e: Error) => ({ error: e.constructor.name }),
  );
  return { ours, theirs };
}

/** A compact JWE built by hand (any header), CBC-HS512 with the real derived key. */
function handMade(header: Record<string, unknown>, payload: unknown, key = key64) {
  const h = Buffer.from(JSON.stringify(header)).toString("base64url");
  const iv = randomBytes(16);
  const cipher = createCipheriv("aes-256-cbc", key.subarray(32), iv);
  const ct = Buffer.concat([cipher.update(Buffer.from(JSON.stringify(payload))), cipher.final()]);
  const al = Buffer.alloc(8);
  al.writeBigUInt64BE(BigInt(h.length) * 8n);
  const tag = createHmac("sha512", key.subarray(0, 32))
    .update(Buffer.from(h))
    .update(iv)
    .update(ct)
    .update(al)
    .digest()
    .subarray(0, 32);
  return [h, "", iv.toString("base64url"), ct.toString("base64url"), tag.toString("base64url")].join(".");
}

describe("decodeSessionToken vs Auth.js decode ", () => {
  it("accepts nothing Auth.js refuses (crafted headers, claims, encodings, garbage)", async () => {
    const good = await encode({ token: { sub: "u1", sessionToken: "s1" }, secret, salt });
    const [h, , iv, ct, tag] = good.split(".") as [string, string, string, string, string];
    const kidOther = await calculateJwkThumbprint({ kty: "oct", k: base64url.encode(randomBytes(64)) }, "sha512");
    const cases: Record<string, string> = {
      empty: "",
      threeParts: `${h}.${ct}.${tag}`,
      sixParts: `${good}.x`,
      huge: `${h}..${iv}.${"A".repeat(200_000)}.${tag}`,
      notBase64: `${h}..${iv}.@@@@.${tag}`,
      truncatedTag: `${h}..${iv}.${ct}.${tag.slice(0, 22)}`,
      tagWithGarbage: `${h}..${iv}.${ct}.${tag}!!`,
      ivWithGarbage: `${h}..${iv}*.${ct}.${tag}`,
      algNone: handMade({ alg: "none", enc: "A256CBC-HS512" }, { sub: "u1" }),
      zip: handMade({ alg: "dir", enc: "A256CBC-HS512", zip: "DEF" }, { sub: "u1" }),
      crit: handMade({ alg: "dir", enc: "A256CBC-HS512", crit: ["x"], x: 1 }, { sub: "u1" }),
      otherKid: handMade({ alg: "dir", enc: "A256CBC-HS512", kid: kidOther }, { sub: "u1" }),
      encA128: handMade({ alg: "dir", enc: "A128CBC-HS256" }, { sub: "u1" }),
      expired: handMade({ alg: "dir", enc: "A256CBC-HS512" }, { sub: "u1", exp: now() - 16 }),
      expiredInTolerance: handMade({ alg: "dir", enc: "A256CBC-HS512" }, { sub: "u1", exp: now() - 10 }),
      nbfFuture: handMade({ alg: "dir", enc: "A256CBC-HS512" }, { sub: "u1", nbf: now() + 60 }),
      expString: handMade({ alg: "dir", enc: "A256CBC-HS512" }, { sub: "u1", exp: String(now() + 60) }),
      iatString: handMade({ alg: "dir", enc: "A256CBC-HS512" }, { sub: "u1", iat: "x" }),
      payloadArray: handMade({ alg: "dir", enc: "A256CBC-HS512" }, [1, 2]),
      payloadNull: handMade({ alg: "dir", enc: "A256CBC-HS512" }, null),
      otherSecret: await encode({ token: { sub: "u1" }, secret: `${secret}x`, salt }),
      otherSalt: await encode({ token: { sub: "u1" }, secret, salt: `__Secure-${salt}` }),
      gcmSameSecret: await new CompactEncrypt(new TextEncoder().encode(JSON.stringify({ sub: "gcm" })))
        .setProtectedHeader({ alg: "dir", enc: "A256GCM" })
        .encrypt(key32),
    };
    const summary: Record<string, unknown> = {};
    const mismatches: string[] = [];
    for (const [name, token] of Object.entries(cases)) {
      const { ours, theirs } = await both(token);
      summary[name] = {
        ours: "ok" in ours ? (ours.ok ? "accepted" : "null") : ours.error,
        theirs: "ok" in theirs ? (theirs.ok ? "accepted" : "null") : theirs.error,
      };
      // The fast path may only accept what Auth.js accepts, with the same payload.
      const mismatch =
        "ok" in ours && ours.ok ? JSON.stringify(theirs) !== JSON.stringify(ours) : "ok" in theirs && theirs.ok;
      if (mismatch) mismatches.push(name);
    }
    console.log(summary);
    expect(mismatches).toEqual([]);
  });

  it("a valid token respelled (characters outside base64url) is refused, as Auth.js refuses it", async () => {
    const good = await encode({ token: { sub: "u1", sessionToken: "s1" }, secret, salt });
    for (const variant of [`${good}!!`, good.replace(/\.([^.]*)$/, ".*$1")]) {
      const { ours, theirs } = await both(variant);
      expect("ok" in theirs && theirs.ok).toBeFalsy();
      expect("ok" in ours && ours.ok, variant.slice(-8)).toBeFalsy();
    }
  });

  it("rotation: several secrets go to Auth.js, which tries each", async () => {
    const old = await encode({ token: { sub: "u1" }, secret: "old-secret-0123456789abcdef0123", salt });
    const { ours } = await both(old, [secret, "old-secret-0123456789abcdef0123"]);
    expect(ours).toMatchObject({ ok: { sub: "u1" } });
  });
});
