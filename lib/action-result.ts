/** Per-field messages, by the form field's name. */
export type FieldErrors = Partial<Record<string, string>>;

/** What a form shows besides the result: a notice, messages next to fields, and the values to type again. */
export interface FormFeedback {
  notice?: string;
  fields?: FieldErrors;
  values?: Record<string, string>;
}

/**
 * What every server action answers (made by `lib/action.ts`): its data, or a message safe to show. Forms
 * read the same shape through `formView`; client code checks `ok`.
 */
export type ActionState<T = null> =
  | ({ ok: true; data: T } & FormFeedback)
  | ({ ok: false; error: string } & FormFeedback);

/** A server action a form calls through `useActionState` (its first state is null). */
export type FormActionFn<T = null> = (state: ActionState<T> | null, formData: FormData) => Promise<ActionState<T>>;

/**
 * What a form shows for the latest answer. Where fields have their own messages, those say what is wrong and
 * the form shows no alert above them.
 */
export function formView<T>(state: ActionState<T> | null): {
  error?: string;
  notice?: string;
  fields: FieldErrors;
  values: Record<string, string>;
  data?: T;
} {
  if (!state) return { fields: {}, values: {} };
  const fields = state.fields ?? {};
  const hasFieldMessage = Object.values(fields).some(Boolean);
  return {
    error: state.ok || hasFieldMessage ? undefined : state.error,
    notice: state.notice,
    fields,
    values: state.values ?? {},
    data: state.ok ? state.data : undefined,
  };
}
