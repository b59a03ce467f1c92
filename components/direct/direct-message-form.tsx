"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import type { ActionState } from "@/lib/action";

/** New message (with a "To" field) or a reply in a thread (recipient fixed). Keeps the text on failure. */
export function DirectMessageForm({
  action,
  to,
}: {
  action: (state: ActionState<never> | null, formData: FormData) => Promise<ActionState<never>>;
  to?: string;
}) {
  const [state, formAction, pending] = useActionState(action, null);
  const failed = state && !state.ok ? state : null;
  return (
    <form action={formAction} className="flex flex-col gap-3">
      <FormAlert message={failed?.error} />
      {to ? (
        <input type="hidden" name="to" value={to} />
      ) : (
        <label className="flex flex-col gap-1 text-sm font-medium">
          To (username)
          <input
            name="to"
            required
            autoComplete="off"
            className="rounded-md border border-zinc-300 bg-white px-3 py-2 font-normal dark:border-zinc-700 dark:bg-zinc-900"
          />
        </label>
      )}
      <label className="flex flex-col gap-1 text-sm font-medium">
        {to ? `Reply to ${to}` : "Direct message"}
        <textarea
          name="content"
          required
          rows={3}
          maxLength={4000}
          defaultValue={failed?.values?.content}
          key={failed?.values?.content ?? "empty"}
          className="rounded-md border border-zinc-300 bg-white px-3 py-2 font-normal dark:border-zinc-700 dark:bg-zinc-900"
        />
      </label>
      <div>
        <Button type="submit" disabled={pending}>
          {to ? "Send reply" : "Send message"}
        </Button>
      </div>
    </form>
  );
}
