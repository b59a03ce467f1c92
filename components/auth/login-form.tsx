"use client";

import Link from "next/link";
import { useActionState } from "react";
import type { AuthFormState } from "@/lib/auth/schemas";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";

export function LoginForm({
  action,
  callbackUrl,
  signupOpen = true,
}: {
  action: (state: AuthFormState, formData: FormData) => Promise<AuthFormState>;
  callbackUrl: string;
  /** False when sign-up is closed or invite-only: the link would only lead to a refusal. */
  signupOpen?: boolean;
}) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} className="flex flex-col gap-4" noValidate>
      <h1 className="text-xl font-semibold">Log in</h1>
      <FormAlert message={state.error} />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <Field
        label="Email or username"
        name="login"
        autoComplete="username"
        required
        defaultValue={state.values?.login}
        error={state.fields?.login}
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        error={state.fields?.password}
      />
      <Button type="submit" disabled={pending}>
        Log in
      </Button>
      <Link href="/forgot-password" className="text-center text-sm underline">
        Forgot password?
      </Link>
      {signupOpen ? (
        <p className="text-center text-sm text-zinc-600 dark:text-zinc-400">
          No account?{" "}
          <Link href="/signup" className="font-medium underline">
            Sign up
          </Link>
        </p>
      ) : null}
    </form>
  );
}
