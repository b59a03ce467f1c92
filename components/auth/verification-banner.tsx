"use client";

import { useActionState } from "react";
import { type FormActionFn, formView } from "@/lib/action-result";

/**
 * Shown above the chat to people who have not verified their email yet; they can still chat. One short row
 * (two lines at most on a phone), so it never takes the screen from the conversation.
 */
export function VerificationBanner({ email, resendAction }: { email: string; resendAction: FormActionFn }) {
  const [state, formAction, pending] = useActionState(resendAction, null);
  const { error, notice } = formView(state);
  return (
    <aside
      aria-label="Email verification"
      className="flex items-center gap-3 border-b border-amber-300 bg-amber-50 px-3 py-1.5 text-xs text-amber-900 sm:px-4 sm:text-sm dark:border-amber-900 dark:bg-amber-950 dark:text-amber-100"
    >
      <p className="line-clamp-2 min-w-0 flex-1 break-words">
        Verify your email: open the link we sent to <span className="font-medium">{email}</span>.
      </p>
      {error ? (
        <p role="alert" className="max-w-[40%] shrink-0 text-right font-medium">
          {error}
        </p>
      ) : null}
      {notice ? (
        <p role="status" className="max-w-[50%] shrink-0 text-right font-medium">
          {notice}
        </p>
      ) : (
        <form action={formAction} className="shrink-0">
          <button
            type="submit"
            disabled={pending}
            aria-label="Resend verification email"
            className="rounded-md border border-amber-400 bg-white/70 px-2.5 py-1 font-medium hover:bg-white focus-visible:outline-2 focus-visible:outline-blue-500 disabled:opacity-60 dark:border-amber-700 dark:bg-amber-900/40 dark:hover:bg-amber-900"
          >
            Resend<span className="hidden sm:inline"> verification email</span>
          </button>
        </form>
      )}
    </aside>
  );
}
