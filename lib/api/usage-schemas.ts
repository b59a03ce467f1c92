import { z } from "zod";
import { USAGE_PERIODS } from "../usage-period";

export const UsageQuery = z.object({
  days: z.coerce
    .number()
    .int()
    .refine((d) => (USAGE_PERIODS as readonly number[]).includes(d), { message: "One of 7, 30 or 90." })
    .default(30)
    .meta({ description: "The period: the last 7, 30 (default) or 90 UTC days, today included." }),
});

const UsageDayRow = z.object({
  day: z.string().meta({ examples: ["2026-11-27"], description: "A UTC day." }),
  model: z.string().meta({ examples: ["gpt-4o-mini"] }),
  messages: z
    .number()
    .int()
    .meta({ description: "Replies the model wrote for you that day.", examples: [12] }),
  input_tokens: z
    .number()
    .int()
    .meta({ examples: [5321] }),
  output_tokens: z
    .number()
    .int()
    .meta({ examples: [1874] }),
});

export const Usage = z
  .object({
    object: z.literal("usage"),
    days: z
      .number()
      .int()
      .meta({ examples: [30] }),
    today: z.object({
      tokens: z
        .number()
        .int()
        .meta({ description: "Input + output tokens used today (UTC).", examples: [7195] }),
      limit: z
        .number()
        .int()
        .nullable()
        .meta({ description: "Your role's tokens per day; null: no limit.", examples: [100000] }),
      resets_at: z.string().meta({
        description: "Midnight UTC, when today's count starts again.",
        examples: ["2026-11-28T00:00:00.000Z"],
      }),
    }),
    messages_per_minute: z
      .number()
      .int()
      .meta({ description: "Your role's limit.", examples: [30] }),
    data: z
      .array(UsageDayRow)
      .meta({ description: "Per day and model, newest day first; days without use are left out." }),
  })
  .meta({ id: "Usage" });
