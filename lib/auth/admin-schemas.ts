import { z } from "zod";

export const AdminSearchSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export const RoleSchema = z.object({
  name: z
    .string()
    .trim()
    .min(2, "Role names have at least 2 characters.")
    .max(40, "Role names have at most 40 characters.")
    .regex(/^[a-z0-9_-]+$/, "Use lowercase letters, digits, dashes and underscores."),
  description: z
    .string()
    .trim()
    .max(200, "Descriptions have at most 200 characters.")
    .transform((v) => (v ? v : null)),
});

/** Filters of the admin's feedback view and export; anything unexpected falls back to "all". */
export const FeedbackSearchSchema = z.object({
  model: z.string().trim().min(1).max(200).optional().catch(undefined),
  rating: z.enum(["up", "down"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
