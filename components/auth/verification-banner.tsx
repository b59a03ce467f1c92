import type { FormActionFn } from "@/lib/action-result";
import { ActionForm } from "./action-form";

/** Shown above the chat to people who have not verified their email yet; they can still chat. */
export function VerificationBanner({ email, resendAction }: { email: string; resendAction: FormActionFn }) {
  return (
    <aside
      aria-label="Email verification"
      className="flex flex-wrap items-center gap-3 border-b border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-100"
    >
      <p>Please verify your email address ({email}) using the link we sent you.</p>
      <ActionForm action={resendAction} submitLabel="Resend verification email" variant="secondary" hideOnSuccess />
    </aside>
  );
}
