"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { type FormActionFn, formView } from "@/lib/action-result";

export interface RolePermissionsValues {
  id: string;
  name: string;
  allowedModels: string[] | null;
  messagesPerMinute: number | null;
  tokensPerDay: number | null;
  canCreateApiKeys: boolean;
  canShareLinks: boolean;
}

export function RolePermissionsForm({
  role,
  models,
  serverMessagesPerMinute,
  action,
}: {
  role: RolePermissionsValues;
  models: { id: string; label: string }[];
  serverMessagesPerMinute: number;
  action: FormActionFn;
}) {
  const [result, formAction, pending] = useActionState(action, null);
  const state = formView(result);
  const [allModels, setAllModels] = useState(role.allowedModels === null);
  return (
    <form action={formAction} className="flex max-w-xl flex-col gap-5" noValidate>
      <FormAlert message={state.error} />
      <FormAlert message={state.notice} tone="success" />
      <input type="hidden" name="roleId" value={role.id} />
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 text-sm font-medium">Models members may use</legend>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            name="allModels"
            checked={allModels}
            onChange={(event) => setAllModels(event.target.checked)}
          />
          All models, including ones added later
        </label>
        {models.map((model) => (
          <label key={model.id} className="ml-6 flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              name="models"
              value={model.id}
              disabled={allModels}
              defaultChecked={role.allowedModels === null || role.allowedModels.includes(model.id)}
            />
            {model.label} <span className="font-mono text-xs text-zinc-600 dark:text-zinc-400">{model.id}</span>
          </label>
        ))}
        {state.fields?.allowedModels ? (
          <p role="alert" className="text-sm text-red-600 dark:text-red-400">
            {state.fields.allowedModels}
          </p>
        ) : null}
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label="Messages per minute"
          name="messagesPerMinute"
          type="number"
          min={1}
          defaultValue={state.values?.messagesPerMinute ?? role.messagesPerMinute ?? ""}
          hint={`Empty: the server default (${serverMessagesPerMinute}).`}
          error={state.fields?.messagesPerMinute}
        />
        <Field
          label="Tokens per day"
          name="tokensPerDay"
          type="number"
          min={1}
          defaultValue={state.values?.tokensPerDay ?? role.tokensPerDay ?? ""}
          hint="Input + output tokens per UTC day. Empty: no limit."
          error={state.fields?.tokensPerDay}
        />
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="canCreateApiKeys" defaultChecked={role.canCreateApiKeys} />
        May create API keys
      </label>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="canShareLinks" defaultChecked={role.canShareLinks} />
        May share links to conversations
      </label>
      <div>
        <Button type="submit" disabled={pending}>
          Save permissions
        </Button>
      </div>
    </form>
  );
}
