"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { type FormActionFn, formView } from "@/lib/action-result";

/** Delete, then type the username to confirm; afterwards says what was deleted (the row stays until reload). */
export function DeleteUserForm({
  userId,
  username,
  action,
}: {
  userId: string;
  username: string;
  action: FormActionFn;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const view = formView(state);
  const [open, setOpen] = useState(false);
  if (view.notice) return <FormAlert message={view.notice} tone="success" />;
  if (!open) {
    return (
      <Button type="button" variant="danger" onClick={() => setOpen(true)}>
        Delete
      </Button>
    );
  }
  return (
    <form action={formAction} className="flex flex-col gap-2" noValidate>
      <FormAlert message={view.error} />
      <input type="hidden" name="userId" value={userId} />
      <Field
        label={`Type ${username} to delete this account`}
        name="confirmUsername"
        autoComplete="off"
        required
        defaultValue={view.values?.confirmUsername}
        error={view.fields?.confirmUsername}
      />
      <div className="flex gap-2">
        <Button type="submit" variant="danger" disabled={pending}>
          Delete {username}
        </Button>
        <Button type="button" variant="secondary" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
