import "server-only";
import { db, type Prisma } from "./client";
import { placeholder, rawDate } from "./raw";
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
export async function recordUsage(
  record: UsageRecord,
  client: Pick<Prisma.TransactionClient, "usageDay"> = db,
): Promise<void> {
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
    await client.usageDay.upsert({ where: { userId_day_modelId: key }, create, update: add });
  } catch (error) {
    // Two replies ending at once may both try to create the day's row: the loser adds to it. (Inside a
    // transaction PostgreSQL refuses the retry; the caller's retry of the whole transaction then adds it.)
    if (!isUniqueViolation(error)) throw error;
    await client.usageDay.update({ where: { userId_day_modelId: key }, data: add });
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

/**
 * How long a reservation counts when its reply never settles it (the instance died mid-reply): longer than a
 * reply may run, short enough that a crash does not hold the day's allowance for long.
 */
export const TOKEN_RESERVATION_TTL_MS = 30 * 60 * 1000;

/**
 * Sets `tokens` aside for a reply about to start, if the day's usage plus the reservations made before this
 * one (still open) stay under `limit`; else keeps nothing and answers null. Parallel sends each get a `seq`
 * from the insert and are judged in that order, so they cannot all pass the limit together, on any number of
 * instances. The usage and the reservations are read in one statement (one snapshot): a reply settling
 * meanwhile records its usage before it drops its reservation, so it is never counted zero times.
 */
export async function reserveTokens(input: {
  userId: string;
  limit: number;
  tokens: number;
  now?: Date;
}): Promise<number | null> {
  const now = input.now ?? new Date();
  const day = usageDay(now);
  const reservation = await db.tokenReservation.create({
    data: {
      userId: input.userId,
      day,
      tokens: Math.max(0, Math.ceil(input.tokens)),
      expiresAt: new Date(now.getTime() + TOKEN_RESERVATION_TTL_MS),
    },
    select: { seq: true },
  });
  const rows = await db.$queryRawUnsafe<{ tokens: unknown; expiresAt: unknown }[]>(
    `SELECT ("inputTokens" + "outputTokens") AS tokens, NULL AS "expiresAt"
       FROM "UsageDay" WHERE "userId" = ${placeholder(1)} AND day = ${placeholder(2)}
     UNION ALL
     SELECT tokens, "expiresAt"
       FROM "TokenReservation" WHERE "userId" = ${placeholder(3)} AND day = ${placeholder(4)} AND seq < ${placeholder(5)}`,
    input.userId,
    day,
    input.userId,
    day,
    reservation.seq,
  );
  let counted = 0;
  for (const row of rows) {
    const expiresAt = rawDate(row.expiresAt);
    if (expiresAt && expiresAt.getTime() <= now.getTime()) continue;
    counted += Number(row.tokens);
  }
  if (counted < input.limit) return reservation.seq;
  await releaseTokens(reservation.seq);
  return null;
}

/** Drops a reservation: its reply has recorded its real usage, or never started. */
export async function releaseTokens(seq: number): Promise<void> {
  await db.tokenReservation.deleteMany({ where: { seq } });
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
