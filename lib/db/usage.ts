import "server-only";
import { db } from "./client";
import { isUniqueViolation } from "./unique-violation";

/** The UTC day a moment falls on, as stored: "2026-11-27". */
export function usageDay(at: Date = new Date()): string {
  return at.toISOString().slice(0, 10);
}

/** When the current UTC day (and its token allowance) ends. */
export function nextUsageReset(at: Date = new Date()): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() + 1));
}

export interface UsageRecord {
  userId: string;
  modelId: string;
  inputTokens: number | null;
  outputTokens: number | null;
  at?: Date;
}

/** Adds one reply and its tokens to the person's day for that model (one atomic increment). */
export async function recordUsage(record: UsageRecord): Promise<void> {
  const key = { userId: record.userId, day: usageDay(record.at), modelId: record.modelId };
  const add = {
    messages: { increment: 1 },
    inputTokens: { increment: Math.max(0, record.inputTokens ?? 0) },
    outputTokens: { increment: Math.max(0, record.outputTokens ?? 0) },
  };
  const create = {
    ...key,
    messages: 1,
    inputTokens: Math.max(0, record.inputTokens ?? 0),
    outputTokens: Math.max(0, record.outputTokens ?? 0),
  };
  try {
    await db.usageDay.upsert({ where: { userId_day_modelId: key }, create, update: add });
  } catch (error) {
    // Two replies ending at once may both try to create the day's row: the loser adds to it.
    if (!isUniqueViolation(error)) throw error;
    await db.usageDay.update({ where: { userId_day_modelId: key }, data: add });
  }
}

/** Input + output tokens the person used today (UTC), across models. */
export async function tokensUsedToday(userId: string, now = new Date()): Promise<number> {
  const sum = await db.usageDay.aggregate({
    where: { userId, day: usageDay(now) },
    _sum: { inputTokens: true, outputTokens: true },
  });
  return (sum._sum.inputTokens ?? 0) + (sum._sum.outputTokens ?? 0);
}

export function firstUsageDay(days: number, now = new Date()): string {
  return usageDay(new Date(now.getTime() - (days - 1) * 86_400_000));
}

/** One person's usage per day and model over the last `days` days, newest first. */
export function listUserUsage({ userId, days, now }: { userId: string; days: number; now?: Date }) {
  return db.usageDay.findMany({
    where: { userId, day: { gte: firstUsageDay(days, now) } },
    orderBy: [{ day: "desc" }, { modelId: "asc" }],
    take: 2000,
    select: { day: true, modelId: true, messages: true, inputTokens: true, outputTokens: true },
  });
}

/** Everyone's usage per day, person and model over the last `days` days (admin), newest first. */
export function listAllUsage({ days, now }: { days: number; now?: Date }) {
  return db.usageDay.findMany({
    where: { day: { gte: firstUsageDay(days, now) } },
    orderBy: [{ day: "desc" }, { outputTokens: "desc" }],
    take: 5000,
    select: {
      day: true,
      modelId: true,
      messages: true,
      inputTokens: true,
      outputTokens: true,
      user: { select: { id: true, username: true } },
    },
  });
}
