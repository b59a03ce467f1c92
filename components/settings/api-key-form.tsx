"use client";

import { startTransition, useActionState, useEffect, useId, useRef, useState } from "react";
import { CopyButton } from "@/components/chat/copy-button";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { type FormActionFn, formView } from "@/lib/action-result";
import { SCOPE_DESCRIPTIONS, SCOPES, type Scope } from "@/lib/auth/scopes";
import { API_KEY_EXPIRY_DAYS } from "@/lib/auth/settings-schemas";

const PRESETS: { label: string; scopes: readonly Scope[] }[] = [
  { label: "Read-only", scopes: SCOPES.filter((scope) => scope.endsWith(":read")) },
  {
    label: "Chat only",
    scopes: ["conversations:read", "conversations:write", "messages:read", "messages:write"],
  },
  { label: "Full access", scopes: SCOPES },
];
const DEFAULT_SCOPES = PRESETS[0]?.scopes ?? [];

const sameScopes = (a: ReadonlySet<string>, b: readonly string[]) => a.size === b.length && b.every((s) => a.has(s));

export function ApiKeyForm({
  action,
  withPassword = true,
}: {
  action: FormActionFn<{ key: string }>;
  /** False for an account made through a sign-in provider: it has no password, a recent sign-in stands in. */
  withPassword?: boolean;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const view = formView(state);
  const expiryId = useId();
  const keyId = useId();
  // Submitted by hand rather than through `action`, which resets the whole form (ticks included) even when the
  // server refuses it: a refusal keeps what was chosen and typed; only a created key clears the form.
  const form = useRef<HTMLFormElement>(null);
  const createdKey = view.data?.key;
  useEffect(() => {
    if (createdKey) form.current?.reset();
  }, [createdKey]);
  const [scopes, setScopes] = useState<ReadonlySet<string>>(() => new Set(DEFAULT_SCOPES));
  const [password, setPassword] = useState("");
  const [seen, setSeen] = useState(state);
  if (state !== seen) {
    setSeen(state);
    if (view.data?.key) {
      setScopes(new Set(DEFAULT_SCOPES));
      setPassword("");
    } else if (view.fields?.currentPassword) {
      setPassword("");
    }
  }
  const toggle = (scope: string, on: boolean) =>
    setScopes((current) => {
      const next = new Set(current);
      if (on) next.add(scope);
      else next.delete(scope);
      return next;
    });
  return (
    <form
      ref={form}
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        startTransition(() => formAction(data));
      }}
      className="flex flex-col gap-4"
      noValidate
    >
      <h2 className="text-lg font-semibold">New API key</h2>
      <FormAlert message={view.error} />
      {view.data?.key ? (
        <div className="flex flex-col gap-2 rounded-md border border-green-300 bg-green-50 p-3 dark:border-green-900 dark:bg-green-950">
          <FormAlert message={view.notice} tone="success" />
          <label htmlFor={keyId} className="text-sm font-medium">
            Your new API key
          </label>
          <div className="flex items-center gap-2">
            <input
              id={keyId}
              readOnly
              value={view.data?.key}
              className="min-w-0 flex-1 rounded-md border border-zinc-300 bg-white px-3 py-2 font-mono text-sm dark:border-zinc-700 dark:bg-zinc-900"
              onFocus={(event) => event.currentTarget.select()}
            />
            <CopyButton
              getText={() => view.data?.key ?? ""}
              label="Copy API key"
              className="border border-zinc-300 bg-white py-2 dark:border-zinc-700 dark:bg-zinc-900"
            />
          </div>
        </div>
      ) : null}
      <Field
        label="Name"
        name="name"
        required
        maxLength={100}
        defaultValue={view.values?.name}
        error={view.fields?.name}
      />
      <fieldset className="flex flex-col gap-1" aria-describedby={view.fields?.scopes ? `${keyId}-scopes` : undefined}>
        <legend className="mb-1 text-sm font-medium">Scopes</legend>
        <div className="mb-2 flex flex-wrap items-center gap-2">
          <span className="text-sm text-zinc-600 dark:text-zinc-400">Presets:</span>
          {PRESETS.map((preset) => (
            <button
              key={preset.label}
              type="button"
              aria-pressed={sameScopes(scopes, preset.scopes)}
              onClick={() => setScopes(new Set(preset.scopes))}
              className="rounded-full border border-zinc-300 px-3 py-1 text-sm font-medium hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-blue-500 aria-pressed:border-blue-600 aria-pressed:bg-blue-50 aria-pressed:text-blue-800 dark:border-zinc-700 dark:hover:bg-zinc-800 dark:aria-pressed:border-blue-400 dark:aria-pressed:bg-blue-950 dark:aria-pressed:text-blue-200"
            >
              {preset.label}
            </button>
          ))}
        </div>
        {SCOPES.map((scope) => (
          <label key={scope} className="flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              name="scopes"
              value={scope}
              checked={scopes.has(scope)}
              onChange={(event) => toggle(scope, event.currentTarget.checked)}
              className="mt-1"
            />
            <span>
              <span className="font-mono">{scope}</span>{" "}
              <span className="text-zinc-600 dark:text-zinc-400">— {SCOPE_DESCRIPTIONS[scope]}</span>
            </span>
          </label>
        ))}
        {view.fields?.scopes ? (
          <p id={`${keyId}-scopes`} className="text-sm text-red-600 dark:text-red-400">
            {view.fields.scopes}
          </p>
        ) : null}
      </fieldset>
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="keepConversations" className="mt-1" aria-describedby={`${keyId}-keep`} />
        <span>
          <span className="font-medium">Keep requests as conversations</span>
          <span id={`${keyId}-keep`} className="block text-zinc-600 dark:text-zinc-400">
            Requests this key sends to <span className="font-mono">/api/v1/chat/completions</span> are saved in your
            history, so you can find an editor&apos;s exchange later. Off: they are answered and counted in your usage,
            not stored.
          </span>
        </span>
      </label>
      <div className="flex flex-col gap-1">
        <label htmlFor={expiryId} className="text-sm font-medium">
          Expires
        </label>
        <select
          id={expiryId}
          name="expiresInDays"
          defaultValue=""
          className="rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-900"
        >
          <option value="">Never</option>
          {API_KEY_EXPIRY_DAYS.map((days) => (
            <option key={days} value={days}>
              In {days} days
            </option>
          ))}
        </select>
      </div>
      {withPassword ? (
        <Field
          label="Current password"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.currentTarget.value)}
          hint="A key keeps working after you log out, so creating one asks for your password."
          error={view.fields?.currentPassword}
        />
      ) : null}
      <Button type="submit" disabled={pending} className="self-start">
        Create API key
      </Button>
    </form>
  );
}
