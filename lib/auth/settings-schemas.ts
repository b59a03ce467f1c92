import { z } from "zod";
import { EmailSchema, NewPasswordSchema, UsernameSchema } from "./schemas";
import { ScopeSchema } from "./scopes";

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} has at most ${max} characters.`)
    .transform((v) => (v ? v : null));

export const ProfileSchema = z.object({
  fullName: optionalText(100, "Full name"),
  bio: optionalText(1000, "Bio"),
  username: UsernameSchema,
  email: EmailSchema,
});

export const PasswordChangeSchema = z.object({
  currentPassword: z.string().min(1, "Enter your current password.").max(1024),
  newPassword: NewPasswordSchema,
});

export const API_KEY_EXPIRY_DAYS = ["7", "30", "90", "365"] as const;

export const ApiKeyCreateSchema = z.object({
  name: z.string().trim().min(1, "Give the key a name.").max(100, "Names have at most 100 characters."),
  scopes: z.array(ScopeSchema).min(1, "Choose at least one scope."),
  expiresInDays: z.enum(["", ...API_KEY_EXPIRY_DAYS]).default(""),
  /** A checkbox: "on" when ticked, absent otherwise. */
  keepConversations: z.literal("on").optional(),
  // Empty for an account without a password (made through a sign-in provider): a recent sign-in counts instead.
  currentPassword: z.string().max(1024),
});

export const IdSchema = z.string().uuid();
