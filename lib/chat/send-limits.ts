import "server-only";
import { getModel, listModels, type ResolvedModel, resolveModel } from "../ai/providers";
import { modelAllowed, type Permissions } from "../auth/permissions";
import { nextUsageReset, tokensUsedToday } from "../db/usage";
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

/** Refuses a new reply once today's tokens reach the role's daily limit (429 until midnight UTC). */
export async function checkDailyTokens(userId: string, permissions: Permissions): Promise<void> {
  const limit = permissions.tokensPerDay;
  if (limit === null) return;
  const now = new Date();
  if ((await tokensUsedToday(userId, now)) < limit) return;
  const resetAt = nextUsageReset(now);
  const retryAfterSeconds = Math.max(1, Math.ceil((resetAt.getTime() - now.getTime()) / 1000));
  throw new AppError("rate_limited:chat:tokens", {
    message:
      `You have used today's ${limit.toLocaleString("en-US")} tokens. The limit resets at midnight UTC ` +
      `(${resetAt.toISOString().replace(".000Z", "Z")}), in ${waitText(retryAfterSeconds)}.`,
    retryAfterSeconds,
  });
}

/** The requested model if allowed, else the remembered one if still allowed, else the first allowed one. */
export function pickModel(permissions: Permissions, requested: ResolvedModel | null, remembered: string | null) {
  if (requested) return requested;
  const fallback = resolveModel(null, remembered);
  if (modelAllowed(permissions, fallback.id)) return fallback;
  const first = listModels().find((m) => modelAllowed(permissions, m.id));
  if (!first) {
    throw new AppError("forbidden:model", { message: "Your role allows none of the configured models." });
  }
  return getModel(first.id);
}
