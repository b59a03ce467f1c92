"use client";

import { useActionState } from "react";
import { CopyButton } from "@/components/chat/copy-button";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { type FormActionFn, formView } from "@/lib/action-result";

export function InviteForm({ action }: { action: FormActionFn<{ link: string }> }) {
  const [result, formAction, pending] = useActionState(action, null);
  const state = formView(result);
  const link = state.data?.link;
  return (
    <form action={formAction} className="flex max-w-xl flex-col gap-4" noValidate>
      <h3 className="font-semibold">New invite link</h3>
      <FormAlert message={state.error} />
      <FormAlert message={state.notice} tone="success" />
      {link ? (
        <div className="flex items-end gap-2">
          <Field label="Invite link" value={link} readOnly className="min-w-0 flex-1" />
          <CopyButton getText={() => link} label="Copy invite link" showText={false} />
        </div>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label="Uses"
          name="maxUses"
          type="number"
          min={1}
          max={1000}
          required
          defaultValue={state.values?.maxUses ?? "1"}
          error={state.fields?.maxUses}
          hint="How many accounts the link can create."
        />
        <Field
          label="Expires in days"
          name="expiresInDays"
          type="number"
          min={1}
          max={365}
          required
          defaultValue={state.values?.expiresInDays ?? "7"}
          error={state.fields?.expiresInDays}
        />
      </div>
      <Field
        label="Only for this email (optional)"
        name="email"
        type="email"
        defaultValue={state.values?.email}
        error={state.fields?.email}
      />
      <div>
        <Button type="submit" disabled={pending}>
          Create invite link
        </Button>
      </div>
    </form>
  );
}
