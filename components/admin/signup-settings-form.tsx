"use client";

import { useActionState, useId } from "react";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import { type FormActionFn, formView } from "@/lib/action-result";
import type { SignupSettings } from "@/lib/auth/admin-schemas";

const MODES = [
  { value: "open", label: "Open", hint: "Anyone can create an account." },
  { value: "invite", label: "Invite links only", hint: "Only people with an invite link you made." },
  { value: "closed", label: "Closed", hint: "Nobody can sign up; only admins create accounts." },
] as const;

export function SignupSettingsForm({ settings, action }: { settings: SignupSettings; action: FormActionFn }) {
  const [result, formAction, pending] = useActionState(action, null);
  const state = formView(result);
  const id = useId();
  return (
    <form action={formAction} className="flex max-w-xl flex-col gap-4" noValidate>
      <FormAlert message={state.error} />
      <FormAlert message={state.notice} tone="success" />
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 text-sm font-medium">Who may sign up</legend>
        {MODES.map((mode) => (
          <label key={mode.value} className="flex items-start gap-2 text-sm">
            <input
              type="radio"
              name="mode"
              value={mode.value}
              defaultChecked={settings.mode === mode.value}
              className="mt-1"
            />
            <span>
              <span className="font-medium">{mode.label}</span>
              <span className="block text-zinc-600 dark:text-zinc-400">{mode.hint}</span>
            </span>
          </label>
        ))}
        {state.fields?.mode ? <p className="text-sm text-red-600 dark:text-red-400">{state.fields.mode}</p> : null}
      </fieldset>
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-domains`} className="text-sm font-medium">
          Allowed email domains
        </label>
        <textarea
          id={`${id}-domains`}
          name="allowedDomains"
          rows={3}
          defaultValue={state.values?.allowedDomains ?? settings.allowedDomains.join("\n")}
          aria-describedby={`${id}-domains-hint`}
          aria-invalid={state.fields?.allowedDomains ? true : undefined}
          className="rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-900"
        />
        <p id={`${id}-domains-hint`} className="text-xs text-zinc-600 dark:text-zinc-400">
          One per line or comma-separated, e.g. example.com. Empty: any address. Invite links are not limited.
        </p>
        {state.fields?.allowedDomains ? (
          <p className="text-sm text-red-600 dark:text-red-400">{state.fields.allowedDomains}</p>
        ) : null}
      </div>
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="requireApproval" defaultChecked={settings.requireApproval} className="mt-1" />
        <span>
          <span className="font-medium">New accounts need an admin&apos;s approval</span>
          <span className="block text-zinc-600 dark:text-zinc-400">
            They cannot log in until approved below. Invite links skip approval.
          </span>
        </span>
      </label>
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="ssoSignup" defaultChecked={settings.ssoSignup} className="mt-1" />
        <span>
          <span className="font-medium">Single sign-on may create accounts even when sign-up is closed</span>
          <span className="block text-zinc-600 dark:text-zinc-400">
            Anyone your sign-in provider lets in gets an account. Allowed domains and approval still apply.
          </span>
        </span>
      </label>
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="hidePasswordLogin" defaultChecked={settings.hidePasswordLogin} className="mt-1" />
        <span>
          <span className="font-medium">Hide password login</span>
          <span className="block text-zinc-600 dark:text-zinc-400">
            While a sign-in provider is configured, only its buttons are offered, and passwords and passkeys are refused
            for everyone but administrators (also at the token endpoint: programs use API keys). Administrators sign in
            with a password at /login?with=password.
          </span>
        </span>
      </label>
      <div>
        <Button type="submit" disabled={pending}>
          Save sign-up settings
        </Button>
      </div>
    </form>
  );
}
