import { z } from "zod";
import { isCommonPassword } from "./common-passwords";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./password-rules";

export const EmailSchema = z
  .string()
  .trim()
  .max(320)
  .pipe(z.email({ message: "Enter a valid email address." }));

export const UsernameSchema = z
  .string()
  .trim()
  .min(3, "Usernames have at least 3 characters.")
  .max(32, "Usernames have at most 32 characters.")
  .regex(/^[a-zA-Z0-9_.-]+$/, "Use letters, digits, dots, dashes and underscores only.");

export const NewPasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`)
  .refine((p) => !isCommonPassword(p), "That password is too common. Choose another.");

export const SignupSchema = z.object({
  email: EmailSchema,
  username: UsernameSchema,
  password: NewPasswordSchema,
});

export const LoginSchema = z.object({
  login: z.string().trim().min(1, "Enter your email or username.").max(320),
  password: z.string().min(1, "Enter your password.").max(1024),
});

const CALLBACK_BASE = "http://parley.invalid";

/**
 * Only same-site paths: `/chat/1` yes; `//evil.test`, `/.//evil.test`, `/\\evil.test`, `https://evil.test` no.
 * The *result* is checked, because URL normalisation can turn a harmless-looking input (`/%2e%2e//host`)
 * into a protocol-relative path.
 */
export function safeCallbackUrl(raw: unknown, fallback = "/"): string {
  if (typeof raw !== "string" || raw.length > 2048 || !raw.startsWith("/")) return fallback;
  let result: string;
  try {
    const url = new URL(raw, CALLBACK_BASE);
    if (url.origin !== CALLBACK_BASE) return fallback;
    result = `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
  return isSameSitePath(result) ? result : fallback;
}

function isSameSitePath(path: string): boolean {
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return false;
  // Browsers drop tabs and newlines inside URLs and treat a backslash like a slash (URL() encodes other controls).
  if (/[\s\\]/.test(path)) return false;
  try {
    const again = new URL(path, CALLBACK_BASE);
    return again.origin === CALLBACK_BASE && `${again.pathname}${again.search}${again.hash}` === path;
  } catch {
    return false;
  }
}
