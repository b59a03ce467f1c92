"use client";

import Link from "next/link";
import { useActionState } from "react";
import { type FormActionFn, formView } from "@/lib/action-result";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";

export function LoginForm({ action, callbackUrl }: { action: FormActionFn; callbackUrl: string }) {
  const [state, formAction, pending] = useActionState(action, null);
  const view = formView(state);
  return (
    <form action={formAction} className="flex flex-col gap-4" noValidate>
      <h1 className="text-xl font-semibold">Log in</h1>
      <FormAlert message={view.error} />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <Field
        label="Email or username"
        name="login"
        autoComplete="username"
        required
        defaultValue={view.values?.login}
        error={view.fields?.login}
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        error={view.fields?.password}
      />
      <Button type="submit" disabled={pending}>
        Log in
      </Button>
      <Link href="/forgot-password" className="text-center text-sm underline">
        Forgot password?
      </Link>
      <p className="text-center text-sm text-zinc-600 dark:text-zinc-400">
        No account?{" "}
        <Link href="/signup" className="font-medium underline">
          Sign up
        </Link>
      </p>
    </form>
  );
}
