import { randomBytes } from "node:crypto";
import { EncryptJWT } from "jose";
import { encode } from "next-auth/jwt";
import { afterEach, describe, expect, it, vi } from "vitest";

const authJs = vi.hoisted(() => ({ decodeCalls: 0 }));
vi.mock("next-auth/jwt", async (original) => {
  const actual = await original<typeof import("next-auth/jwt")>();
  return {
    ...actual,
    decode: (params: Parameters<typeof actual.decode>[0]) => {
      authJs.decodeCalls += 1;
      return actual.decode(params);
    },
  };
});

const { decodeSessionToken } = await import("./session-token");

const secret = "session-token-test-secret-0123456789abcdef";
const salt = "authjs.session-token";

afterEach(() => {
  authJs.decodeCalls = 0;
  vi.useRealTimers();
});

/** Flips one character of a base64url segment of the token. */
function tamper(token: string, segment: number): string {
  const parts = token.split(".");
  const text = parts[segment] as string;
  const i = Math.floor(text.length / 2);
  parts[segment] = `${text.slice(0, i)}${text[i] === "A" ? "B" : "A"}${text.slice(i + 1)}`;
  return parts.join(".");
}

describe("decodeSessionToken (Auth.js's decoder, its usual case done synchronously)", () => {
  it("reads what Auth.js wrote, without falling back to Auth.js's decoder", async () => {
    const token = await encode({ token: { sub: "u1", sessionToken: "s1" }, secret, salt });
    expect(await decodeSessionToken({ token, secret, salt })).toMatchObject({ sub: "u1", sessionToken: "s1" });
    expect(await decodeSessionToken({ token, secret: [secret], salt })).toMatchObject({ sub: "u1" });
    expect(authJs.decodeCalls).toBe(0);
  });

  it("refuses what Auth.js refuses: another secret or salt, any changed byte, an expired token", async () => {
    const token = await encode({ token: { sub: "u1", sessionToken: "s1" }, secret, salt });
    expect(await decodeSessionToken({ token, secret: `${secret}x`, salt }).catch(() => null)).toBeNull();
    expect(
      await decodeSessionToken({ token, secret, salt: "__Secure-authjs.session-token" }).catch(() => null),
    ).toBeNull();
    for (const segment of [0, 2, 3, 4]) {
      expect(await decodeSessionToken({ token: tamper(token, segment), secret, salt }).catch(() => null)).toBeNull();
    }
    const expired = await encode({ token: { sub: "u1" }, secret, salt, maxAge: 10 });
    vi.useFakeTimers({ now: Date.now() + 30_000, toFake: ["Date"] });
    expect(await decodeSessionToken({ token: expired, secret, salt }).catch(() => null)).toBeNull();
  });

  it("leaves anything but dir + A256CBC-HS512 to Auth.js's decoder", async () => {
    const key = randomBytes(32);
    const gcm = await new EncryptJWT({ sub: "u1" }).setProtectedHeader({ alg: "dir", enc: "A256GCM" }).encrypt(key);
    expect(await decodeSessionToken({ token: gcm, secret, salt }).catch(() => null)).toBeNull();
    expect(authJs.decodeCalls).toBe(1);
  });
});
