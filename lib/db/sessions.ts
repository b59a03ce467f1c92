import "server-only";
import { db } from "./client";
import { placeholder, rawBoolean, rawDate } from "./raw";

/** The `Setting` key of an administrator's two-factor requirement (lib/auth/two-factor-policy.ts). */
export const TWO_FACTOR_REQUIREMENT_KEY = "two_factor_required";

export const SESSION_ABSOLUTE_MS = 30 * 24 * 60 * 60 * 1000;
export const SESSION_IDLE_MS = 7 * 24 * 60 * 60 * 1000;
const TOUCH_INTERVAL_MS = 60 * 1000;

export interface NewSession {
  userId: string;
  tokenHash: string;
  deviceInfo?: string | null;
  ipAddress?: string | null;
  /** The sign-in provider's name when the session was not started with a password. */
  signInMethod?: string | null;
}

export function createSession(input: NewSession) {
  return db.session.create({
    data: {
      userId: input.userId,
      tokenHash: input.tokenHash,
      deviceInfo: input.deviceInfo?.slice(0, 512) ?? null,
      ipAddress: input.ipAddress?.slice(0, 64) ?? null,
      signInMethod: input.signInMethod?.slice(0, 60) ?? null,
      expiresAt: new Date(Date.now() + SESSION_ABSOLUTE_MS),
    },
  });
}

/**
 * The session behind a cookie, if it is still valid: active, within its absolute and idle lifetimes,
 * and its user is active and not deleted. Refreshes `lastSeenAt` at most once a minute. Also reads what the
 * two-factor policy needs (the site's requirement, whether this user has 2FA on), read fresh on every request.
 */
export async function findValidSession(tokenHash: string) {
  // Every signed-in request runs this: one indexed lookup joined to its user, with the two-factor requirement
  // and the user's 2FA state as subqueries (Prisma would need four round trips).
  const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(
    `SELECT s.id, s."userId", s."isActive", s."expiresAt", s."lastSeenAt", s."signInMethod",
       u.email, u.username, u."isSuperuser", u."emailVerifiedAt", u."isActive" AS "userActive", u."deletedAt",
       u."mustVerifyEmail",
       (SELECT st.value FROM "Setting" st WHERE st.key = ${placeholder(1)}) AS "twoFactorRequirement",
       (SELECT t."enabledAt" FROM "TotpSecret" t WHERE t."userId" = s."userId") AS "totpEnabledAt"
     FROM "Session" s JOIN "User" u ON u.id = s."userId"
     WHERE s."tokenHash" = ${placeholder(2)}`,
    // In the order they appear: SQLite's placeholders are positional.
    TWO_FACTOR_REQUIREMENT_KEY,
    tokenHash,
  );
  const row = rows[0];
  const session = row && {
    id: String(row.id),
    userId: String(row.userId),
    isActive: rawBoolean(row.isActive),
    expiresAt: rawDate(row.expiresAt) as Date,
    lastSeenAt: rawDate(row.lastSeenAt) as Date,
    signInMethod: typeof row.signInMethod === "string" ? row.signInMethod : null,
    user: {
      email: String(row.email),
      username: String(row.username),
      isSuperuser: rawBoolean(row.isSuperuser),
      emailVerifiedAt: rawDate(row.emailVerifiedAt),
      isActive: rawBoolean(row.userActive),
      deletedAt: rawDate(row.deletedAt),
      mustVerifyEmail: rawBoolean(row.mustVerifyEmail),
      twoFactorEnabled: rawDate(row.totpEnabledAt) !== null,
    },
    /** The `Setting` value as stored (a JSON string when set), for lib/auth/two-factor-policy to interpret. */
    twoFactorRequirement: settingValue(row.twoFactorRequirement),
  };
  const now = Date.now();
  if (
    !session?.isActive ||
    session.expiresAt.getTime() <= now ||
    session.lastSeenAt.getTime() + SESSION_IDLE_MS <= now ||
    !session.user.isActive ||
    session.user.deletedAt ||
    // Signed up under the allowed-domains rule and not verified yet: no session counts (lib/auth/login.ts).
    (session.user.mustVerifyEmail && !session.user.emailVerifiedAt)
  ) {
    return null;
  }
  if (now - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db.session.update({ where: { id: session.id }, data: { lastSeenAt: new Date(now) } });
  }
  return session;
}

/** A JSON `Setting` value read raw: PostgreSQL's driver parses it, SQLite returns the JSON text. */
function settingValue(value: unknown): unknown {
  if (typeof value !== "string") return value ?? null;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

export function listActiveSessions(userId: string) {
  return db.session.findMany({
    where: { userId, isActive: true, expiresAt: { gt: new Date() } },
    orderBy: { lastSeenAt: "desc" },
    take: 100,
    select: {
      id: true,
      deviceInfo: true,
      ipAddress: true,
      signInMethod: true,
      lastSeenAt: true,
      createdAt: true,
      expiresAt: true,
    },
  });
}

export async function revokeSession({ userId, sessionId }: { userId: string; sessionId: string }): Promise<boolean> {
  const { count } = await db.session.updateMany({
    where: { id: sessionId, userId, isActive: true },
    data: { isActive: false },
  });
  return count > 0;
}

export function revokeSessionByTokenHash(tokenHash: string) {
  return db.session.updateMany({ where: { tokenHash, isActive: true }, data: { isActive: false } });
}

/**
 * Whether this session of the user is active and was started at or after `since` (a recent sign-in). A session
 * started through a sign-in provider counts only when that provider's account was connected before the session
 * began (`providerIdOf` maps the session's method to the provider): else whoever holds an old cookie could connect
 * their own provider account and sign in with it to make a "recent sign-in".
 */
export async function sessionStartedSince(input: {
  userId: string;
  sessionId: string;
  since: Date;
  providerIdOf: (signInMethod: string) => string | undefined;
}) {
  const session = await db.session.findFirst({
    where: { id: input.sessionId, userId: input.userId, isActive: true, createdAt: { gte: input.since } },
    select: { createdAt: true, signInMethod: true },
  });
  if (!session) return false;
  if (!session.signInMethod) return true;
  // A provider no longer configured (its name unknown now): any account connected by then. Connected in the
  // same moment counts (an account made through a provider is connected as its first session starts).
  const provider = input.providerIdOf(session.signInMethod);
  const connectedBefore = await db.externalAccount.count({
    where: { userId: input.userId, ...(provider ? { provider } : {}), createdAt: { lte: session.createdAt } },
  });
  return connectedBefore > 0;
}
