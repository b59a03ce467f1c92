import "server-only";
import { getPermissions } from "../../auth/permissions";
import { listUserUsage, nextUsageReset, tokensUsedToday } from "../../db/usage";
import { endpoint } from "../endpoint";
import { routes } from "../routes";

export const getUsage = endpoint(routes.getUsage, async ({ principal, query }) => {
  const now = new Date();
  const [rows, today, permissions] = await Promise.all([
    listUserUsage({ userId: principal.userId, days: query.days, now }),
    tokensUsedToday(principal.userId, now),
    getPermissions(principal.userId),
  ]);
  return {
    body: {
      object: "usage" as const,
      days: query.days,
      today: { tokens: today, limit: permissions.tokensPerDay, resets_at: nextUsageReset(now).toISOString() },
      messages_per_minute: permissions.messagesPerMinute,
      data: rows.map((r) => ({
        day: r.day,
        model: r.modelId,
        messages: r.messages,
        input_tokens: r.inputTokens,
        output_tokens: r.outputTokens,
      })),
    },
  };
});
