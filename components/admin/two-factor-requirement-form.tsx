"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import { type FormActionFn, formView } from "@/lib/action-result";

const CHOICES = [
  { value: "off", label: "Not required", hint: "Everyone chooses for themselves." },
  {
    value: "admins",
    label: "Required for administrators",
    hint: "Administrators must set it up before anything else.",
  },
  { value: "everyone", label: "Required for everyone", hint: "Every account must set it up before anything else." },
] as const;

export function TwoFactorRequirementForm({ current, action }: { current: string; action: FormActionFn }) {
  const [state, formAction, pending] = useActionState(action, null);
  const view = formView(state);
  return (
    <form action={formAction} className="flex max-w-xl flex-col gap-3">
      <FormAlert message={view.error ?? view.fields.requirement} />
      <FormAlert message={view.notice} tone="success" />
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 text-sm font-medium">Require two-factor authentication</legend>
        {CHOICES.map((choice) => (
          <label key={choice.value} className="flex items-start gap-2 text-sm">
            <input
              type="radio"
              name="requirement"
              value={choice.value}
              defaultChecked={current === choice.value}
              className="mt-1"
            />
            <span>
              {choice.label} <span className="text-zinc-600 dark:text-zinc-400">— {choice.hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <Button type="submit" variant="secondary" disabled={pending} className="self-start">
        Save two-factor requirement
      </Button>
    </form>
  );
}
