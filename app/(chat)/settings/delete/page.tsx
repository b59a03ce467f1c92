import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ActionForm } from "@/components/auth/action-form";
import { RecentSignInNotice } from "@/components/settings/recent-sign-in";
import { getCurrentUser } from "@/lib/auth/current-user";
import { accountHasPassword, reauthProviders, signedInRecently } from "@/lib/auth/reauth";
import { deleteAccountAction } from "../actions";
import { signInAgainAction } from "../password/actions";

export const metadata: Metadata = { title: "Delete account" };

export default async function DeleteAccountPage() {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  const withPassword = await accountHasPassword(user.id);
  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-xl font-semibold">Delete account</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        This deletes your account, conversations, messages, sessions and API keys at once. It cannot be undone.
      </p>
      {withPassword ? null : (
        <RecentSignInNotice
          doing="deleting your account"
          recent={await signedInRecently(user)}
          providers={await reauthProviders(user.id)}
          action={signInAgainAction}
          returnTo="/settings/delete"
        />
      )}
      <ActionForm
        action={deleteAccountAction}
        fields={
          withPassword
            ? [
                {
                  label: "Password",
                  name: "password",
                  type: "password",
                  autoComplete: "current-password",
                  required: true,
                },
              ]
            : []
        }
        submitLabel="Delete my account"
        variant="danger"
      />
    </section>
  );
}
