import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/auth/action-form";
import { forgotPasswordAction } from "../actions";

export const metadata: Metadata = { title: "Forgot password" };

export default function ForgotPasswordPage() {
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-xl font-semibold">Reset your password</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">We will email you a link to choose a new password.</p>
      <ActionForm
        action={forgotPasswordAction}
        fields={[{ label: "Email", name: "email", type: "email", autoComplete: "email", required: true }]}
        submitLabel="Send reset link"
        hideOnSuccess
      />
      <Link href="/login" className="text-sm underline">
        Back to log in
      </Link>
    </div>
  );
}
