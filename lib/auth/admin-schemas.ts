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
