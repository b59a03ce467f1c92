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

export const SIGNUP_MODES = ["open", "invite", "closed"] as const;

const Domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "Not a domain name (e.g. example.com).");

/**
 * Who may sign up: `open` (anyone), `invite` (only with an invite link) or `closed` (only admins create
 * accounts). Allowed domains and approval apply to sign-ups without an invite: an invite is the admin's
 * own say-so.
 */
export const SignupSettingsSchema = z.object({
  mode: z.enum(SIGNUP_MODES),
  allowedDomains: z.array(Domain).max(100),
  requireApproval: z.boolean(),
  /** Single sign-on may create accounts even when sign-up is closed or invite-only. */
  ssoSignup: z.boolean().default(false),
  /** The login page offers only the sign-in providers (effective only while one is configured). */
  hidePasswordLogin: z.boolean().default(false),
});
export type SignupSettings = z.infer<typeof SignupSettingsSchema>;

export const DEFAULT_SIGNUP_SETTINGS: SignupSettings = {
  mode: "open",
  allowedDomains: [],
  requireApproval: false,
  ssoSignup: false,
  hidePasswordLogin: false,
};

/** The admin form: domains come as one text field, comma- or line-separated. */
export const SignupSettingsFormSchema = z.object({
  mode: z.enum(SIGNUP_MODES, { error: "Choose who may sign up." }),
  allowedDomains: z
    .string()
    .max(5000)
    .transform((text) => [
      ...new Set(
        text
          .split(/[\s,]+/)
          .map((d) => d.trim().replace(/^@/, ""))
          .filter(Boolean),
      ),
    ])
    .pipe(z.array(Domain).max(100, "At most 100 domains.")),
  requireApproval: z.boolean(),
  ssoSignup: z.boolean(),
  hidePasswordLogin: z.boolean(),
});

export const InviteFormSchema = z.object({
  maxUses: z.coerce
    .number({ error: "Enter a number of uses." })
    .int("Enter a whole number.")
    .min(1, "At least 1 use.")
    .max(1000, "At most 1000 uses."),
  expiresInDays: z.coerce
    .number({ error: "Enter a number of days." })
    .int("Enter a whole number of days.")
    .min(1, "At least 1 day.")
    .max(365, "At most 365 days."),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(320)
    .transform((v) => v || null)
    .pipe(z.email("Enter a valid email address, or leave it empty.").nullable()),
});

/** A role's permissions as the admin form sends them. Empty limits mean "no limit" / "the server default". */
export const RolePermissionsFormSchema = z.object({
  allowedModels: z.array(z.string().trim().min(1).max(200)).max(200).nullable(),
  messagesPerMinute: z.number().int().min(1, "At least 1.").max(10_000, "At most 10000.").nullable(),
  tokensPerDay: z.number().int().min(1, "At least 1.").max(1_000_000_000, "At most 1000000000.").nullable(),
  canCreateApiKeys: z.boolean(),
  canShareLinks: z.boolean(),
});
export type RolePermissionsInput = z.infer<typeof RolePermissionsFormSchema>;
