import { beforeEach, describe, expect, test } from "vitest";
import { removeExpiredRows } from "@/lib/db/cleanup";
import { db } from "@/lib/db/client";
import { reserveTokens, usageDay } from "@/lib/db/usage";
import { newConversation, resetDefaultRoleEachTest, send, userWithRole } from "@/test/api-roles";
import { mockModelServerForFile } from "@/test/mock-model";

// The daily token limit under parallel sends, through the REST API and the OpenAI-compatible mock server:
// replies in flight hold a reservation, so five sends at once cannot all pass a limit one reply would reach.

const mock = mockModelServerForFile({
  OPENAI_API_KEY: "test",
  PARLEY_MODELS: "mock-small=Mock Small",
  PARLEY_MODEL_MAX_RETRIES: "0",
});
beforeEach(() => mock.setReply(null));
resetDefaultRoleEachTest();

const REPLY_TOKENS = 1_000;
const LIMIT = 1_500;

async function usedToday(userId: string) {
  const rows = await db.usageDay.findMany({ where: { userId, day: usageDay() } });
  return rows.reduce((sum, row) => sum + row.inputTokens + row.outputTokens, 0);
}

describe("the daily token limit under parallel sends", () => {
  test("five parallel sends under a 1,500-token limit: the overrun is at most one reply, nothing stays reserved", async () => {
    const user = await userWithRole({ tokensPerDay: LIMIT });
    const conversations = await Promise.all(Array.from({ length: 5 }, () => newConversation(user)));
    // Each reply takes a while and reports 1,000 tokens, as the attacker's replies did.
    mock.setReply({ chunks: ["a ", "b ", "c"], delayMs: 150, usage: { prompt_tokens: 400, completion_tokens: 600 } });
    const results = await Promise.all(conversations.map((id) => send(user, id, { model: "mock-small" })));
    const statuses = results.map((r) => r.status).sort();
    // The first reservation sees nothing, the second one reply's estimate (under 1,500), the rest two (over it).
    expect(statuses).toEqual([201, 201, 429, 429, 429]);
    for (const refused of results.filter((r) => r.status === 429)) {
      expect(refused.json.error.code).toBe("rate_limited:chat:tokens");
    }
    const used = await usedToday(user.id);
    expect(used).toBe(2 * REPLY_TOKENS);
    expect(used).toBeLessThanOrEqual(LIMIT + REPLY_TOKENS);
    expect(await db.tokenReservation.count({ where: { userId: user.id } })).toBe(0);
  }, 60_000);

  test("a failed reply gives its reservation back; the next send is judged on real usage", async () => {
    const user = await userWithRole({ tokensPerDay: LIMIT });
    const conversationId = await newConversation(user);
    mock.setReply({ failStatus: 500 });
    await send(user, conversationId, { model: "mock-small" });
    expect(await db.tokenReservation.count({ where: { userId: user.id } })).toBe(0);
    mock.setReply({ chunks: ["ok"], usage: { prompt_tokens: 5, completion_tokens: 5 } });
    expect((await send(user, conversationId, { model: "mock-small" })).status).toBe(201);
  }, 30_000);

  test("a reservation left by a crashed instance counts until it expires, then the cleanup deletes it", async () => {
    const user = await userWithRole({ tokensPerDay: LIMIT });
    const now = new Date();
    await db.tokenReservation.create({
      data: { userId: user.id, day: usageDay(now), tokens: LIMIT, expiresAt: new Date(now.getTime() + 60_000) },
    });
    expect(await reserveTokens({ userId: user.id, limit: LIMIT, tokens: 10, now })).toBeNull();
    const later = new Date(now.getTime() + 61_000);
    const seq = await reserveTokens({ userId: user.id, limit: LIMIT, tokens: 10, now: later });
    expect(seq).not.toBeNull();
    const counts = await removeExpiredRows(new Date(now.getTime() + 32 * 60_000));
    expect(counts.tokenReservations).toBeGreaterThanOrEqual(2);
    expect(await db.tokenReservation.count({ where: { userId: user.id } })).toBe(0);
  });
});
