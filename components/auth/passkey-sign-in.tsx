"use client";

import { startAuthentication } from "@simplewebauthn/browser";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import type { ActionState } from "@/lib/action-result";
import { passkeyProblem } from "./passkey-problem";

type Options = Parameters<typeof startAuthentication>[0]["optionsJSON"];

/** "Sign in with a passkey": the browser picks one of this site's passkeys; no password or code needed. */
export function PasskeySignIn({
  callbackUrl,
  getOptions,
  signInWith,
}: {
  callbackUrl: string;
  getOptions: () => Promise<ActionState<Options>>;
  signInWith: (input: { credential: string; callbackUrl: string }) => Promise<ActionState>;
}) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function signIn() {
    setError(undefined);
    setBusy(true);
    try {
      const options = await getOptions();
      if (!options.ok) return setError(options.error);
      let credential: Awaited<ReturnType<typeof startAuthentication>>;
      try {
        credential = await startAuthentication({ optionsJSON: options.data });
      } catch {
        return setError(passkeyProblem("No passkey was used"));
      }
      // On success the action redirects, so only a failure comes back.
      const result = await signInWith({ credential: JSON.stringify(credential), callbackUrl });
      if (!result.ok) setError(result.error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="flex flex-col gap-2">
      <FormAlert message={error} />
      <Button variant="secondary" onClick={signIn} disabled={busy}>
        Sign in with a passkey
      </Button>
    </div>
  );
}
