import { tool, zodSchema } from "ai";
import { z } from "zod";

export const datetimeInput = z.object({
  timeZone: z
    .string()
    .max(64)
    .optional()
    .describe("An IANA time zone such as Europe/Paris; UTC when omitted")
    .refine((zone) => zone === undefined || isTimeZone(zone), "Unknown time zone."),
});

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function currentDateTime(timeZone = "UTC", now = new Date()) {
  const formatted = new Intl.DateTimeFormat("en-US", {
    timeZone,
    dateStyle: "full",
    timeStyle: "long",
  }).format(now);
  return { iso: now.toISOString(), timeZone, formatted };
}

// zodSchema converts to JSON Schema once and keeps it (see search-conversations.ts for why it matters).
export const datetimeTool = tool({
  description: "Get the current date and time, optionally in a given time zone.",
  inputSchema: zodSchema(datetimeInput),
  execute: async ({ timeZone }) => currentDateTime(timeZone),
});
