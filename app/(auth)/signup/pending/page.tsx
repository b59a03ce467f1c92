import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Waiting for approval" };

/** Where a sign-up that needs approval lands, and where logging in sends it until an admin approves. */
export default function PendingApprovalPage() {
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-xl font-semibold">Waiting for approval</h1>
      <p className="text-sm text-zinc-700 dark:text-zinc-300">
        Your account was created and is waiting for an administrator&apos;s approval. You can log in once it is
        approved.
      </p>
      <Link href="/login" className="text-center text-sm font-medium underline">
        Back to log in
      </Link>
    </div>
  );
}
