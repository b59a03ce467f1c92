import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/auth/action-form";
import { setNewPasswordAction } from "../actions";

export const metadata: Metadata = { title: "Choose a new password" };

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const token = (await searchParams).token;
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-xl font-semibold">Choose a new password</h1>
      {typeof token === "string" && token ? (
        <ActionForm
          action={setNewPasswordAction}
          hidden={{ token }}
          fields={[
            {
              label: "New password",
              name: "password",
              type: "password",
              autoComplete: "new-password",
              hint: "At least 8 characters.",
              required: true,
            },
          ]}
          submitLabel="Set new password"
          hideOnSuccess
        />
      ) : (
        <p role="alert">This link is not valid. Ask for a new one.</p>
      )}
      <Link href="/login" className="text-sm underline">
        Log in
      </Link>
    </div>
  );
}
