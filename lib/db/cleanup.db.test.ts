import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createTestUser } from "@/test/factories";
import { hashToken, randomToken } from "../crypto";
import { runScheduledCleanup, startCleanupSchedule } from "../maintenance";
import { FAILED_LOGIN_RETENTION_DAYS, removeExpiredRows } from "./cleanup";
import { db } from "./client";

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

async function seed(now: number) {
  const user = await createTestUser("cleanup");
  const tag = randomUUID().slice(0, 8);
  const at = (offset: number) => new Date(now + offset);
  const rate = (name: string, resetAt: Date) =>
    db.rateLimit.create({ data: { key: `rl:test:${tag}:${name}`, count: 3, resetAt } });
  const emailToken = (expiresAt: Date, usedAt: Date | null) =>
    db.emailToken.create({
      data: { userId: user.id, purpose: "reset-password", tokenHash: hashToken(randomToken()), expiresAt, usedAt },
    });
  const session = (data: { expiresAt: Date; lastSeenAt: Date; isActive?: boolean; updatedAt?: Date }) =>
    db.session.create({ data: { userId: user.id, tokenHash: hashToken(randomToken()), ...data } });
  const refresh = (expiresAt: Date, usedAt: Date | null) =>
    db.refreshToken.create({
      data: { userId: user.id, tokenHash: hashToken(randomToken()), familyId: tag, expiresAt, usedAt },
    });
  const gone = await Promise.all([
    rate("ended", at(-1000)),
    emailToken(at(-2 * DAY), null),
    emailToken(at(HOUR), at(-2 * DAY)),
    session({ expiresAt: at(-1000), lastSeenAt: at(-HOUR) }),
    session({ expiresAt: at(DAY), lastSeenAt: at(-8 * DAY) }),
    session({ expiresAt: at(DAY), lastSeenAt: at(-3 * DAY), isActive: false, updatedAt: at(-2 * DAY) }),
    refresh(at(-1000), null),
    refresh(at(-1000), at(-2 * DAY)),
  ]);
  const kept = await Promise.all([
    rate("running", at(60_000)),
    emailToken(at(HOUR), null),
    emailToken(at(-HOUR), null), // just expired: still says "expired" for a day
    emailToken(at(HOUR), at(-HOUR)), // just used: still says "already used" for a day
    session({ expiresAt: at(DAY), lastSeenAt: at(-HOUR) }),
    refresh(at(DAY), at(-HOUR)), // used but unexpired: a replay must still revoke the family
  ]);
  return { gone: gone.map((r) => ("id" in r ? r.id : r.key)), kept: kept.map((r) => ("id" in r ? r.id : r.key)) };
}

async function existing(ids: string[]): Promise<string[]> {
  const found = await Promise.all([
    db.rateLimit.findMany({ where: { key: { in: ids } }, select: { key: true } }),
    db.emailToken.findMany({ where: { id: { in: ids } }, select: { id: true } }),
    db.session.findMany({ where: { id: { in: ids } }, select: { id: true } }),
    db.refreshToken.findMany({ where: { id: { in: ids } }, select: { id: true } }),
  ]);
  return found.flat().map((r) => ("id" in r ? r.id : r.key));
}

describe("removing expired rows", () => {
  it("deletes ended rate-limit windows, used or expired email links, ended sessions and expired refresh tokens", async () => {
    const { gone, kept } = await seed(Date.now());
    const counts = await removeExpiredRows();
    expect(counts.rateLimits).toBeGreaterThanOrEqual(1);
    expect(counts.emailTokens).toBeGreaterThanOrEqual(2);
    expect(counts.sessions).toBeGreaterThanOrEqual(3);
    expect(counts.refreshTokens).toBeGreaterThanOrEqual(2);
    expect(await existing(gone)).toEqual([]);
    expect((await existing(kept)).sort()).toEqual([...kept].sort());
  });

  it("deletes failed-login audit events after the retention, and keeps every other event", async () => {
    const now = Date.now();
    const ip = `10.91.${randomUUID().slice(0, 4)}`;
    const event = (action: string, ageDays: number) =>
      db.auditEvent.create({ data: { action, ip, createdAt: new Date(now - ageDays * DAY) } });
    const old = FAILED_LOGIN_RETENTION_DAYS + 1;
    const gone = await Promise.all([event("auth.login_failed", old), event("auth.login_throttled", old)]);
    const kept = await Promise.all([
      event("auth.login_failed", FAILED_LOGIN_RETENTION_DAYS - 1),
      event("auth.login_throttled", 1),
      event("auth.login", old),
      event("auth.second_factor_failed", old),
      event("admin.user_deleted", old * 3),
    ]);
    const counts = await removeExpiredRows(new Date(now));
    expect(counts.failedLogins).toBeGreaterThanOrEqual(2);
    const left = await db.auditEvent.findMany({ where: { ip }, select: { id: true } });
    expect(left.map((e) => e.id).sort()).toEqual(kept.map((e) => e.id).sort());
    expect(gone.every((e) => !left.some((l) => l.id === e.id))).toBe(true);
  });

  it("runs once per interval however many instances try at the same time", async () => {
    // A moment no other test uses, so this test owns the interval's slot.
    const now = new Date(Date.now() + 400 * DAY);
    const runs = await Promise.all(Array.from({ length: 5 }, () => runScheduledCleanup(now)));
    expect(runs.filter((r) => r !== null)).toHaveLength(1);
    expect(await runScheduledCleanup(new Date(now.getTime() + 10 * 60 * 1000))).toBeNull();
    expect(await runScheduledCleanup(new Date(now.getTime() + 2 * HOUR))).not.toBeNull();
  });

  it("the schedule started by each instance removes expired rows without being asked", async () => {
    const { gone } = await seed(Date.now());
    await db.rateLimit.deleteMany({ where: { key: "rl:maintenance:cleanup" } });
    const stop = startCleanupSchedule({ firstDelayMs: 0, intervalMs: 60_000 });
    try {
      await expect.poll(() => existing(gone), { timeout: 15_000, interval: 100 }).toEqual([]);
    } finally {
      stop();
    }
  });
});
