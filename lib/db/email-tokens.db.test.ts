import { beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "../crypto";
import { db } from "./client";
import { consumeEmailToken, createEmailToken, invalidateEmailTokens } from "./email-tokens";
import { createUser } from "./users";

let userId: string;

beforeAll(async () => {
  userId = (await createUser({ email: "tokens@example.test", username: "tokens", passwordHash: "x" })).id;
});

describe("email tokens", () => {
  it("stores only the hash, never the secret", async () => {
    const token = await createEmailToken({ userId, purpose: "verify-email" });
    const rows = await db.emailToken.findMany({ where: { userId } });
    expect(rows.some((r) => r.tokenHash === hashToken(token))).toBe(true);
    for (const row of rows) {
      expect(row.tokenHash).not.toBe(token);
      expect(row.tokenHash).not.toContain(token);
    }
  });

  it("works exactly once, even when used concurrently", async () => {
    const token = await createEmailToken({ userId, purpose: "reset-password" });
    const results = await Promise.all(Array.from({ length: 6 }, () => consumeEmailToken(token, "reset-password")));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.reason === "used")).toBe(true);
    expect(await consumeEmailToken(token, "reset-password")).toEqual({ ok: false, reason: "used" });
  });

  it("refuses an expired token", async () => {
    const token = await createEmailToken({ userId, purpose: "verify-email" });
    await db.emailToken.update({
      where: { tokenHash: hashToken(token) },
      data: { expiresAt: new Date(Date.now() - 1) },
    });
    expect(await consumeEmailToken(token, "verify-email")).toEqual({ ok: false, reason: "expired" });
  });

  it("expires verification links after 24 hours and reset links after 1 hour", async () => {
    const before = Date.now();
    const verify = await createEmailToken({ userId, purpose: "verify-email" });
    const reset = await createEmailToken({ userId, purpose: "reset-password" });
    const rowOf = (t: string) => db.emailToken.findUniqueOrThrow({ where: { tokenHash: hashToken(t) } });
    const hours = async (t: string) => ((await rowOf(t)).expiresAt.getTime() - before) / 3_600_000;
    expect(await hours(verify)).toBeCloseTo(24, 1);
    expect(await hours(reset)).toBeCloseTo(1, 1);
  });

  it("refuses a token used for the wrong purpose, an unknown one, and an oversized one", async () => {
    const token = await createEmailToken({ userId, purpose: "verify-email" });
    expect(await consumeEmailToken(token, "reset-password")).toEqual({ ok: false, reason: "invalid" });
    expect(await consumeEmailToken("nope", "verify-email")).toEqual({ ok: false, reason: "invalid" });
    expect(await consumeEmailToken("x".repeat(10_000), "verify-email")).toEqual({ ok: false, reason: "invalid" });
    expect((await consumeEmailToken(token, "verify-email")).ok).toBe(true);
  });

  it("invalidates outstanding tokens of one purpose", async () => {
    const a = await createEmailToken({ userId, purpose: "reset-password" });
    const b = await createEmailToken({ userId, purpose: "verify-email" });
    await invalidateEmailTokens(userId, "reset-password");
    expect(await consumeEmailToken(a, "reset-password")).toEqual({ ok: false, reason: "used" });
    expect((await consumeEmailToken(b, "verify-email")).ok).toBe(true);
  });
});
