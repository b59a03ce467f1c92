import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/auth/action-form";
import { confirmEmailAction } from "../actions";

export const metadata: Metadata = { title: "Verify email" };

// The link only shows a button: mail scanners that fetch links must not use up the single-use token.
export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const token = (await searchParams).token;
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-xl font-semibold">Verify your email</h1>
      {typeof token === "string" && token ? (
        <ActionForm
          action={confirmEmailAction}
          hidden={{ token }}
          submitLabel="Verify email"
          hideOnSuccess
          intro={
            <p className="text-sm text-zinc-700 dark:text-zinc-300">
              Press the button to confirm that this email address is yours. The link works once, and only when you press
              it: some mail programs open links by themselves to check them.
            </p>
          }
        />
      ) : (
        <p role="alert">This link is not valid. Ask for a new one.</p>
      )}
      <Link href="/" className="text-sm underline">
        Go to Parley
      </Link>
    </div>
  );
}
