"use server";

import { AuthError } from "next-auth";
import { signIn, signOut } from "@/lib/auth/config";
import { hashPassword } from "@/lib/auth/password";
import { type AuthFormState, fieldErrorsOf, LoginSchema, SignupSchema, safeCallbackUrl } from "@/lib/auth/schemas";
import { createUser } from "@/lib/db/users";
import { isAppError } from "@/lib/errors";

export async function login(_prev: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const values = { login: String(formData.get("login") ?? "") };
  const parsed = LoginSchema.safeParse({ login: formData.get("login"), password: formData.get("password") });
  if (!parsed.success) return { fields: fieldErrorsOf(parsed.error), values };
  try {
    await signIn("credentials", {
      login: parsed.data.login,
      password: parsed.data.password,
      redirectTo: safeCallbackUrl(formData.get("callbackUrl")),
    });
  } catch (error) {
    // signIn throws NEXT_REDIRECT on success: only Auth.js errors are failures.
    if (error instanceof AuthError) return { error: "Wrong email, username or password.", values };
    throw error;
  }
  return {};
}

export async function signup(_prev: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const values = { email: String(formData.get("email") ?? ""), username: String(formData.get("username") ?? "") };
  const parsed = SignupSchema.safeParse({
    email: formData.get("email"),
    username: formData.get("username"),
    password: formData.get("password"),
  });
  if (!parsed.success) return { fields: fieldErrorsOf(parsed.error), values };
  try {
    await createUser({ ...parsed.data, passwordHash: await hashPassword(parsed.data.password) });
  } catch (error) {
    if (isAppError(error) && error.kind === "conflict") return { error: error.message, values };
    throw error;
  }
  await signIn("credentials", { login: parsed.data.email, password: parsed.data.password, redirectTo: "/" });
  return {};
}

export async function logout(): Promise<void> {
  await signOut({ redirectTo: "/login" });
}
