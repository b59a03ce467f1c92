import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ActionForm } from "@/components/auth/action-form";
import { getCurrentUser } from "@/lib/auth/current-user";
import { deleteAccountAction } from "../actions";

export const metadata: Metadata = { title: "Delete account" };

export default async function DeleteAccountPage() {
  if (!(await getCurrentUser())) redirect("/login");
  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-xl font-semibold">Delete account</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        This deletes your account, conversations, messages, sessions and API keys at once. It cannot be undone.
      </p>
      <ActionForm
        action={deleteAccountAction}
        fields={[
          { label: "Password", name: "password", type: "password", autoComplete: "current-password", required: true },
        ]}
        submitLabel="Delete my account"
        variant="danger"
      />
    </section>
  );
}
