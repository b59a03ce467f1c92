"use client";

import { type ReactNode, useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { type FormActionFn, formView } from "@/lib/action-result";

export interface FormField {
  label: string;
  name: string;
  type?: string;
  autoComplete?: string;
  hint?: string;
  defaultValue?: string;
  required?: boolean;
  maxLength?: number;
}

/** A small form for one server action: labelled fields, an alert for errors, a status for notices. */
export function ActionForm({
  action,
  title,
  fields = [],
  hidden = {},
  submitLabel,
  variant = "primary",
  hideOnSuccess = false,
  intro,
  footer,
}: {
  action: FormActionFn;
  title?: string;
  fields?: FormField[];
  hidden?: Record<string, string>;
  submitLabel: string;
  variant?: "primary" | "secondary" | "danger";
  hideOnSuccess?: boolean;
  /** Text above the fields, hidden with them after a success (`hideOnSuccess`): it explains what is asked. */
  intro?: ReactNode;
  footer?: ReactNode;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const view = formView(state);
  const done = hideOnSuccess && Boolean(view.notice);
  return (
    <form action={formAction} className="flex flex-col gap-4" noValidate>
      {title ? <h2 className="text-lg font-semibold">{title}</h2> : null}
      <FormAlert message={view.error} />
      <FormAlert message={view.notice} tone="success" />
      {done ? null : (
        <>
          {intro}
          {Object.entries(hidden).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          {fields.map((field) => (
            <Field
              key={field.name}
              {...field}
              defaultValue={view.values?.[field.name] ?? field.defaultValue}
              error={view.fields?.[field.name]}
            />
          ))}
          <Button type="submit" variant={variant} disabled={pending} className="self-start">
            {submitLabel}
          </Button>
        </>
      )}
      {footer}
    </form>
  );
}
