import { z } from "zod";

export const USAGE_PERIODS = [7, 30, 90] as const;

/** `?days=7|30|90` on the usage pages; anything else is 30. */
export const UsagePeriodSchema = z.object({
  days: z.coerce
    .number()
    .refine((d) => (USAGE_PERIODS as readonly number[]).includes(d))
    .catch(30),
});
