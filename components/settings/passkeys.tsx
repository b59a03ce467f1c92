"use client";

import { startRegistration } from "@simplewebauthn/browser";
import { useRouter } from "next/navigation";
import { useActionState, useState } from "react";
import { passkeyProblem } from "@/components/auth/passkey-problem";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { type ActionState, type FormActionFn, formView } from "@/lib/action-result";

type Options = Parameters<typeof startRegistration>[0]["optionsJSON"];

export interface PasskeyRow {
  id: string;
  name: string;
  addedOn: string;
  lastUsed: string | null;
}

export function Passkeys({
  passkeys,
  getOptions,
  add,
  remove,
}: {
  passkeys: PasskeyRow[];
  getOptions: (input: { password: string }) => Promise<ActionState<Options>>;
  add: (input: { name: string; credential: string }) => Promise<ActionState>;
  remove: FormActionFn;
}) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [nameError, setNameError] = useState<string>();
  const [passwordError, setPasswordError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [removed, removeAction, removing] = useActionState(remove, null);

  async function register(formData: FormData) {
    setError(undefined);
    setNameError(undefined);
    setPasswordError(undefined);
    setNotice(undefined);
    const name = String(formData.get("name") ?? "").trim();
    const password = String(formData.get("password") ?? "");
    if (!name) return setNameError("Name the passkey, e.g. “Work laptop”.");
    if (!password) return setPasswordError("Enter your password.");
    setBusy(true);
    try {
      const options = await getOptions({ password });
      if (!options.ok) {
        return options.fields?.password ? setPasswordError(options.fields.password) : setError(options.error);
      }
      let credential: Awaited<ReturnType<typeof startRegistration>>;
      try {
        credential = await startRegistration({ optionsJSON: options.data });
      } catch {
        return setError(passkeyProblem("No passkey was created"));
      }
      const saved = await add({ name, credential: JSON.stringify(credential) });
      if (!saved.ok) return setError(saved.error);
      setNotice(`Passkey “${name}” added.`);
      router.refresh();
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="passkeys-heading" className="flex flex-col gap-4">
      <h2 id="passkeys-heading" className="text-lg font-semibold">
        Passkeys
      </h2>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        A passkey signs you in with your fingerprint, face or device PIN instead of your password and code.
      </p>
      <FormAlert message={formView(removed).error} />
      {passkeys.length ? (
        <ul aria-label="Your passkeys" className="flex flex-col divide-y divide-zinc-200 dark:divide-zinc-800">
          {passkeys.map((passkey) => (
            <li key={passkey.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <div className="flex flex-col">
                <span className="font-medium">{passkey.name}</span>
                <span className="text-xs text-zinc-600 dark:text-zinc-400">
                  Added {passkey.addedOn}
                  {passkey.lastUsed ? ` · last used ${passkey.lastUsed}` : " · never used"}
                </span>
              </div>
              <form action={removeAction}>
                <input type="hidden" name="id" value={passkey.id} />
                <Button
                  type="submit"
                  variant="secondary"
                  disabled={removing}
                  aria-label={`Remove passkey ${passkey.name}`}
                >
                  Remove
                </Button>
              </form>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm">You have no passkeys yet.</p>
      )}
      <form action={register} className="flex flex-col gap-3" noValidate>
        <FormAlert message={error} />
        <FormAlert message={notice} tone="success" />
        <Field label="Passkey name" name="name" maxLength={60} required error={nameError} hint="e.g. “Work laptop”." />
        <Field
          label="Current password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={passwordError}
        />
        <Button type="submit" variant="secondary" disabled={busy} className="self-start">
          Add a passkey
        </Button>
      </form>
    </section>
  );
}
