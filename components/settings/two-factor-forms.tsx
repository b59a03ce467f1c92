"use client";

import { type ReactNode, useActionState, useId } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { type FormActionFn, formView } from "@/lib/action-result";

type Setup = { secret: string; qrCode: string };
type Codes = { recoveryCodes: string[] };

/** "Set up" → QR code and secret → "Code" + "Turn on" → the recovery codes, shown once. */
export function TwoFactorSetup({ start, confirm }: { start: FormActionFn<Setup>; confirm: FormActionFn<Codes> }) {
  const [setup, startAction, starting] = useActionState(start, null);
  const [confirmed, confirmAction, confirming] = useActionState(confirm, null);
  const secretId = useId();
  const setupView = formView(setup);
  const confirmView = formView(confirmed);
  if (confirmView.data)
    return <RecoveryCodes codes={confirmView.data.recoveryCodes} intro="Two-factor authentication is on." />;
  const off = (
    <p className="text-sm text-zinc-600 dark:text-zinc-400">
      Two-factor authentication is off. With it on, logging in also asks for a code from an authenticator app on your
      phone, so a stolen password is not enough.
    </p>
  );
  if (!setupView.data) {
    return (
      <form action={startAction} className="flex flex-col gap-3">
        {off}
        <FormAlert message={setupView.error} />
        <Button type="submit" disabled={starting} className="self-start">
          Set up
        </Button>
      </form>
    );
  }
  return (
    <form action={confirmAction} className="flex flex-col gap-4" noValidate>
      {off}
      <p className="text-sm">
        Scan this QR code with your authenticator app (1Password, Google Authenticator, Aegis…), or type the secret key
        into it. Then enter the 6-digit code it shows, and your password.
      </p>
      {/* biome-ignore lint/performance/noImgElement: an SVG drawn on the server, as a data URL; nothing to optimise */}
      <img
        src={setupView.data.qrCode}
        alt="QR code to add Parley to your authenticator app"
        width={200}
        height={200}
        className="rounded-md bg-white p-1"
      />
      <div className="flex flex-col gap-1">
        <label htmlFor={secretId} className="text-sm font-medium">
          Secret key
        </label>
        <input
          id={secretId}
          readOnly
          value={setupView.data.secret}
          className="rounded-md border border-zinc-300 bg-white px-3 py-2 font-mono text-sm break-all dark:border-zinc-700 dark:bg-zinc-900"
          onFocus={(event) => event.currentTarget.select()}
        />
      </div>
      <FormAlert message={confirmView.error} />
      <Field
        label="Code"
        name="code"
        inputMode="numeric"
        autoComplete="one-time-code"
        required
        error={confirmView.fields.code}
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        error={confirmView.fields.password}
      />
      <Button type="submit" disabled={confirming} className="self-start">
        Turn on
      </Button>
    </form>
  );
}

export function RecoveryCodes({ codes, intro }: { codes: string[]; intro: string }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-3">
      <FormAlert tone="success" message={intro} />
      <h3 id={headingId} className="font-semibold">
        Recovery codes
      </h3>
      <p className="text-sm">
        Save these codes somewhere safe now: they will not be shown again. Each one signs you in once if you lose your
        authenticator app.
      </p>
      <ul aria-label="Recovery codes" className="grid grid-cols-2 gap-2 font-mono text-sm sm:grid-cols-2">
        {codes.map((code) => (
          <li key={code} className="rounded border border-zinc-300 px-2 py-1 dark:border-zinc-700">
            {code}
          </li>
        ))}
      </ul>
      <a href="/settings/two-factor" className="self-start text-sm underline">
        I saved them
      </a>
    </section>
  );
}

/** While 2FA is on: turn it off, or replace the recovery codes; both take the password and a code. */
export function TwoFactorOn({ turnOff, regenerate }: { turnOff: FormActionFn; regenerate: FormActionFn<Codes> }) {
  return (
    <>
      <ReauthForm
        action={regenerate}
        title="New recovery codes"
        submitLabel="Make new recovery codes"
        done={(data) => <RecoveryCodes codes={data.recoveryCodes} intro="Your old recovery codes no longer work." />}
      />
      <ReauthForm
        action={turnOff}
        title="Turn off two-factor authentication"
        submitLabel="Turn off"
        variant="danger"
        done={() => (
          <div className="flex flex-col gap-2">
            <FormAlert tone="success" message="Two-factor authentication is off." />
            <a href="/settings/two-factor" className="self-start text-sm underline">
              Back to two-factor authentication
            </a>
          </div>
        )}
      />
    </>
  );
}

function ReauthForm<T>({
  action,
  title,
  submitLabel,
  variant = "secondary",
  done,
}: {
  action: FormActionFn<T>;
  title: string;
  submitLabel: string;
  variant?: "secondary" | "danger";
  done: (data: T) => ReactNode;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const headingId = useId();
  const view = formView(state);
  if (state?.ok) return done(state.data);
  return (
    <form action={formAction} aria-labelledby={headingId} className="flex flex-col gap-3" noValidate>
      <h2 id={headingId} className="text-lg font-semibold">
        {title}
      </h2>
      <FormAlert message={view.error} />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        error={view.fields.password}
      />
      <Field
        label="Code"
        name="code"
        autoComplete="one-time-code"
        required
        error={view.fields.code}
        hint="From your authenticator app, or a recovery code."
      />
      <Button type="submit" variant={variant} disabled={pending} className="self-start">
        {submitLabel}
      </Button>
    </form>
  );
}
