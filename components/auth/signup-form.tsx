"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { type FormActionFn, formView } from "@/lib/action-result";

export function SignupForm({ action }: { action: FormActionFn }) {
  const [state, formAction, pending] = useActionState(action, null);
  const view = formView(state);
  return (
    <form action={formAction} className="flex flex-col gap-4" noValidate>
      <h1 className="text-xl font-semibold">Create your account</h1>
      <FormAlert message={view.error} />
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        defaultValue={view.values?.email}
        error={view.fields?.email}
      />
      <Field
        label="Username"
        name="username"
        autoComplete="username"
        required
        defaultValue={view.values?.username}
        error={view.fields?.username}
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 8 characters."
        error={view.fields?.password}
      />
      <Button type="submit" disabled={pending}>
        Sign up
      </Button>
      <p className="text-center text-sm text-zinc-600 dark:text-zinc-400">
        Already have an account?{" "}
        <Link href="/login" className="font-medium underline">
          Log in
        </Link>
      </p>
    </form>
  );
}
