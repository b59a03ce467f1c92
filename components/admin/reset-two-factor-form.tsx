"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import { type FormActionFn, formView } from "@/lib/action-result";

/**
 * "Reset two-factor login", then a confirmation that says what goes; afterwards what was removed. Rendered for
 * every row so the notice outlives the revalidation that shows the account without two-factor login.
 */
export function ResetTwoFactorForm({
  userId,
  username,
  hasTwoFactor,
  action,
}: {
  userId: string;
  username: string;
  hasTwoFactor: boolean;
  action: FormActionFn;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const view = formView(state);
  const [open, setOpen] = useState(false);
  if (view.notice) return <FormAlert message={view.notice} tone="success" />;
  if (!hasTwoFactor) return null;
  if (!open) {
    return (
      <Button type="button" variant="secondary" onClick={() => setOpen(true)}>
        Reset two-factor login
      </Button>
    );
  }
  const warningId = `reset-two-factor-${userId}`;
  return (
    <form action={formAction} className="flex max-w-xs flex-col gap-2" aria-describedby={warningId}>
      <FormAlert message={view.error} />
      <input type="hidden" name="userId" value={userId} />
      <p id={warningId} className="text-sm">
        This removes {username}&apos;s authenticator app, recovery codes and passkeys, and logs them out everywhere.
        Their password and API keys stay. Do this only once you are sure it is them asking.
      </p>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" variant="danger" disabled={pending}>
          Reset two-factor login for {username}
        </Button>
        <Button type="button" variant="secondary" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
