import { randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { issueTokenPair } from "@/lib/auth/access-tokens";
import { PRINCIPAL_RECHECK_MS } from "@/lib/auth/stream-guard";
import { setTwoFactorRequirement } from "@/lib/auth/two-factor-policy";
import { hashToken } from "@/lib/crypto";
import { revokeApiKey } from "@/lib/db/api-keys";
import { db } from "@/lib/db/client";
import { createSession, revokeSession } from "@/lib/db/sessions";
import { apiUser, call, callRaw } from "@/test/api";
import { createTestUser } from "@/test/factories";
import { mockModelServerForFile } from "@/test/mock-model";

// An open event stream is a request that never ends: logout, revocation and deactivation must still reach it.
// Each test opens GET /direct-messages/events for a minute, takes the credential away, and times the end.

const BOUND_MS = PRINCIPAL_RECHECK_MS + 3_000;

const mock = mockModelServerForFile({
  OPENAI_API_KEY: "test",
  PARLEY_MODELS: "mock-small=Mock Small",
  PARLEY_MODEL_MAX_RETRIES: "0",
});
beforeEach(() => mock.setReply(null));
afterEach(async () => {
  await setTwoFactorRequirement("off");
});

/** Reads the stream to its end in the background; resolves with how long after `since()` it ended. */
function watchEnd(response: Response) {
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/event-stream");
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  let endedAt: number | null = null;
  const ended = (async () => {
    try {
      while (!(await reader.read()).done) {
        // Keep reading: events and keep-alives.
      }
    } catch {
      // An errored stream has ended too.
    }
    endedAt = Date.now();
  })();
  return {
    isOpen: () => endedAt === null,
    /** Milliseconds from `from` to the end, or Infinity when it did not end within `limitMs`. */
    async endedWithin(from: number, limitMs: number): Promise<number> {
      await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, limitMs))]);
      if (endedAt === null) {
        await reader.cancel();
        return Number.POSITIVE_INFINITY;
      }
      return endedAt - from;
    },
  };
}

async function sessionCookie(userId: string) {
  const token = `stream-${crypto.randomUUID()}`;
  const session = await createSession({ userId, tokenHash: hashToken(token) });
  const name = "authjs.session-token";
  const value = await encode({
    token: { sub: userId, sessionToken: token },
    secret: process.env.AUTH_SECRET as string,
    salt: name,
  });
  return { session, cookie: `${name}=${value}` };
}

const openEvents = (headers: Record<string, string>) => callRaw("GET", "/direct-messages/events?wait=60", { headers });

describe("an open event stream ends once its credential is gone", () => {
  test("logout (the session row revoked) ends a cookie stream within the bound", async () => {
    const user = await createTestUser("stream");
    const { session, cookie } = await sessionCookie(user.id);
    const stream = watchEnd(await openEvents({ cookie }));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(stream.isOpen()).toBe(true);
    const loggedOutAt = Date.now();
    await revokeSession({ userId: user.id, sessionId: session.id });
    expect(await stream.endedWithin(loggedOutAt, BOUND_MS + 2_000)).toBeLessThanOrEqual(BOUND_MS);
  }, 20_000);

  test("a revoked API key ends its stream; another key's stream stays open", async () => {
    const user = await apiUser();
    const other = await apiUser();
    const stream = watchEnd(await openEvents({ authorization: `Bearer ${user.key}` }));
    const bystander = watchEnd(await openEvents({ authorization: `Bearer ${other.key}` }));
    const key = await db.apiKey.findFirstOrThrow({ where: { userId: user.id } });
    const revokedAt = Date.now();
    expect(await revokeApiKey({ userId: user.id, id: key.id })).toBe(true);
    expect(await stream.endedWithin(revokedAt, BOUND_MS + 2_000)).toBeLessThanOrEqual(BOUND_MS);
    expect(bystander.isOpen()).toBe(true);
    await bystander.endedWithin(Date.now(), 0);
  }, 20_000);

  test("deactivating the user ends an access token's stream", async () => {
    const user = await createTestUser("stream");
    const pair = await issueTokenPair(user);
    const stream = watchEnd(await openEvents({ authorization: `Bearer ${pair.accessToken}` }));
    const deactivatedAt = Date.now();
    await db.user.update({ where: { id: user.id }, data: { isActive: false } });
    expect(await stream.endedWithin(deactivatedAt, BOUND_MS + 2_000)).toBeLessThanOrEqual(BOUND_MS);
  }, 20_000);
});

describe("a chat reply's stream (POST /api/chat; its resume uses the same guard) ends once the session does", () => {
  test("logout cuts the reader off within the bound while the model is still writing", async () => {
    const user = await createTestUser("chatstream");
    const { session, cookie } = await sessionCookie(user.id);
    mock.setReply({ chunks: ["one ", "two ", "three"], stallAfterChunks: 1 });
    const { POST } = await import("@/app/api/chat/route");
    const conversationId = randomUUID();
    const response = await POST(
      new Request("http://parley.test/api/chat", {
        method: "POST",
        headers: { cookie, "content-type": "application/json", origin: "http://parley.test", host: "parley.test" },
        body: JSON.stringify({
          conversationId,
          message: { id: randomUUID(), role: "user", parts: [{ type: "text", text: "hello" }] },
          modelId: "mock-small",
        }),
      }),
    );
    const stream = watchEnd(response);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(stream.isOpen()).toBe(true);
    const loggedOutAt = Date.now();
    await revokeSession({ userId: user.id, sessionId: session.id });
    expect(await stream.endedWithin(loggedOutAt, BOUND_MS + 2_000)).toBeLessThanOrEqual(BOUND_MS);
  }, 20_000);
});

describe("requiring two-factor covers access tokens and refresh (API keys keep working)", () => {
  test("403 forbidden:two_factor_setup for an access token and for a refresh; the API key still answers", async () => {
    const user = await createTestUser("nofa");
    const pair = await issueTokenPair(user);
    const keyed = await apiUser();
    expect((await call("GET", "/me", { key: pair.accessToken })).status).toBe(200);
    await setTwoFactorRequirement("everyone");
    const me = await call("GET", "/me", { key: pair.accessToken });
    expect(me.status).toBe(403);
    expect(me.json.error.code).toBe("forbidden:two_factor_setup");
    const { POST: refresh } = await import("@/app/api/v1/auth/refresh/route");
    const refreshed = await refresh(
      new Request("http://parley.test/api/v1/auth/refresh", {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": "10.77.0.1" },
        body: JSON.stringify({ refresh_token: pair.refreshToken }),
      }),
    );
    expect(refreshed.status).toBe(403);
    expect((await refreshed.json()).error.code).toBe("forbidden:two_factor_setup");
    // The refusal did not use the refresh token up: nothing was rotated.
    expect(await db.refreshToken.count({ where: { userId: user.id, usedAt: { not: null } } })).toBe(0);
    expect((await call("GET", "/me", { key: keyed.key })).status).toBe(200);
  });
});
