import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/auth/action-form";
import { resendSignupLinkAction } from "../../actions";

export const metadata: Metadata = { title: "Check your email" };

/**
 * Where a sign-up under the allowed-email-domains rule lands, and where logging in sends it until the address is
 * verified: the account exists but cannot be used before its link is opened.
 */
export default function CheckEmailPage() {
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-xl font-semibold">Check your email</h1>
      <p className="text-sm text-zinc-700 dark:text-zinc-300">
        We sent a link to your email address. Open it to confirm the address, then log in: sign-up here is open to
        certain email domains, so the account can be used once its address is verified. The link expires in 24 hours.
      </p>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">No email? Check your spam folder, or send it again.</p>
      <ActionForm
        action={resendSignupLinkAction}
        fields={[{ label: "Email", name: "email", type: "email", autoComplete: "email", required: true }]}
        submitLabel="Send the link again"
        hideOnSuccess
      />
      <Link href="/login" className="text-center text-sm font-medium underline">
        Back to log in
      </Link>
    </div>
  );
}
