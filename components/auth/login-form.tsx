"use client";

import Link from "next/link";
import { type ComponentProps, useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { type FormActionFn, formView } from "@/lib/action-result";
import { PasskeySignIn } from "./passkey-sign-in";
import { SsoButtons } from "./sso-buttons";

export function LoginForm({
  action,
  callbackUrl,
  signupOpen = true,
  passkeyOptions,
  signInWithPasskey,
  ssoProviders = [],
  signInWithProvider,
  hidePasswordLogin = false,
  ssoError,
}: {
  action: FormActionFn;
  callbackUrl: string;
  /** False when sign-up is closed or invite-only: the link would only lead to a refusal. */
  signupOpen?: boolean;
  passkeyOptions: ComponentProps<typeof PasskeySignIn>["getOptions"];
  signInWithPasskey: ComponentProps<typeof PasskeySignIn>["signInWith"];
  ssoProviders?: ComponentProps<typeof SsoButtons>["providers"];
  signInWithProvider?: ComponentProps<typeof SsoButtons>["action"];
  /** Only the providers are offered (an admin's choice; ignored when none is configured). */
  hidePasswordLogin?: boolean;
  /** Why the last sign-in through a provider was refused. */
  ssoError?: string;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const view = formView(state);
  // After a correct password for an account with two-factor login, the action answers a login ticket as the
  // value of the code step's hidden field (and sends it back with a refused code): the form asks for the code.
  const ticket = view.values.ticket;
  if (ticket) {
    return (
      <form action={formAction} className="flex flex-col gap-4" noValidate>
        <h1 className="text-xl font-semibold">Two-factor authentication</h1>
        <FormAlert message={view.error} />
        <input type="hidden" name="callbackUrl" value={callbackUrl} />
        <input type="hidden" name="ticket" value={ticket} />
        <input type="hidden" name="login" value={view.values.login ?? ""} />
        <Field
          label="Authentication code"
          name="code"
          autoComplete="one-time-code"
          autoCapitalize="off"
          spellCheck={false}
          autoFocus
          required
          hint="The 6-digit code from your authenticator app, or one of your recovery codes."
          error={view.fields.code}
        />
        <Button type="submit" disabled={pending}>
          Verify
        </Button>
        {/* A full page load, so the half-finished login is forgotten. */}
        <a href={`/login?callbackUrl=${encodeURIComponent(callbackUrl)}`} className="text-center text-sm underline">
          Start over
        </a>
      </form>
    );
  }
  const withSso = ssoProviders.length > 0 && signInWithProvider;
  const showPassword = !(withSso && hidePasswordLogin);
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-xl font-semibold">Log in</h1>
      <FormAlert message={view.error ?? ssoError} />
      {withSso ? <SsoButtons providers={ssoProviders} action={signInWithProvider} callbackUrl={callbackUrl} /> : null}
      {withSso && showPassword ? (
        <div className="flex items-center gap-3 text-xs text-zinc-500 dark:text-zinc-400" aria-hidden="true">
          <span className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" />
          or
          <span className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" />
        </div>
      ) : null}
      {showPassword ? (
        <>
          <form action={formAction} className="flex flex-col gap-4" noValidate>
            <input type="hidden" name="callbackUrl" value={callbackUrl} />
            <Field
              label="Email or username"
              name="login"
              autoComplete="username"
              required
              defaultValue={view.values.login}
              error={view.fields.login}
            />
            <Field
              label="Password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              error={view.fields.password}
            />
            <Button type="submit" disabled={pending}>
              Log in
            </Button>
          </form>
          <PasskeySignIn callbackUrl={callbackUrl} getOptions={passkeyOptions} signInWith={signInWithPasskey} />
          <Link href="/forgot-password" className="text-center text-sm underline">
            Forgot password?
          </Link>
        </>
      ) : null}
      {signupOpen ? (
        <p className="text-center text-sm text-zinc-600 dark:text-zinc-400">
          No account?{" "}
          <Link href="/signup" className="font-medium underline">
            Sign up
          </Link>
        </p>
      ) : null}
    </div>
  );
}
