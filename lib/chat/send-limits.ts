import "server-only";
import { getModel, listModels, type ResolvedModel, resolveModel } from "../ai/providers";
import { modelAllowed, type Permissions } from "../auth/permissions";
import { nextUsageReset, releaseTokens, reserveTokens } from "../db/usage";
import { AppError } from "../errors";
import { waitText } from "../wait-text";

// What a send or a regeneration must pass before anything is stored (lib/chat/generate.ts).

export function tooFast(limit: number, retryAfterSeconds: number) {
  return new AppError("rate_limited:chat:messages", {
    message:
      `You are sending messages too fast (your limit is ${limit} a minute). ` +
      `Try again in ${waitText(retryAfterSeconds)}.`,
    retryAfterSeconds,
  });
}

/** Tokens set aside for a reply before it starts: its context (about 4 characters a token) plus this output. */
export const RESERVED_OUTPUT_TOKENS = 1_000;

export function estimateReplyTokens(history: { parts?: unknown }[], text = ""): number {
  let chars = text.length;
  for (const message of history) chars += JSON.stringify(message.parts ?? "").length;
  return Math.ceil(chars / 4) + RESERVED_OUTPUT_TOKENS;
}

/**
 * Refuses a new reply once today's tokens, with the replies still running, reach the role's daily limit (429
 * until midnight UTC); else sets the reply's estimate aside (lib/db/usage reserveTokens) and returns the
 * reservation, which the reply gives back when it records its real usage. Null when the role has no limit.
 */
export async function reserveDailyTokens(
  userId: string,
  permissions: Permissions,
  estimate: number,
): Promise<number | null> {
  const limit = permissions.tokensPerDay;
  if (limit === null) return null;
  const now = new Date();
  const reservation = await reserveTokens({ userId, limit, tokens: estimate, now });
  if (reservation !== null) return reservation;
  const resetAt = nextUsageReset(now);
  const retryAfterSeconds = Math.max(1, Math.ceil((resetAt.getTime() - now.getTime()) / 1000));
  throw new AppError("rate_limited:chat:tokens", {
    message:
      `You have used today's ${limit.toLocaleString("en-US")} tokens. The limit resets at midnight UTC ` +
      `(${resetAt.toISOString().replace(".000Z", "Z")}), in ${waitText(retryAfterSeconds)}.`,
    retryAfterSeconds,
  });
}

/** Gives a reservation back when its reply never started (a refusal or a retry after it was made). */
export async function releaseUnused(reservation: number | null): Promise<void> {
  if (reservation !== null) await releaseTokens(reservation).catch(() => {});
}

/** The requested model if allowed, else the remembered one if still allowed, else the first allowed one. */
export async function pickModel(
  permissions: Permissions,
  requested: ResolvedModel | null,
  remembered: string | null,
): Promise<ResolvedModel> {
  if (requested) return requested;
  const fallback = await resolveModel(null, remembered);
  if (modelAllowed(permissions, fallback.id)) return fallback;
  const first = (await listModels()).find((m) => modelAllowed(permissions, m.id));
  if (!first) {
    throw new AppError("forbidden:model", { message: "Your role allows none of the configured models." });
  }
  return getModel(first.id);
}
