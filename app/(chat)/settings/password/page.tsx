import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ActionForm } from "@/components/auth/action-form";
import { RecentSignInNotice } from "@/components/settings/recent-sign-in";
import { getCurrentUser } from "@/lib/auth/current-user";
import { accountHasPassword, reauthProviders, signedInRecently } from "@/lib/auth/reauth";
import { savePasswordAction } from "../actions";
import { setPasswordAction, signInAgainAction } from "./actions";

export const metadata: Metadata = { title: "Password" };

const NEW_PASSWORD = {
  label: "New password",
  name: "newPassword",
  type: "password",
  autoComplete: "new-password",
  hint: "At least 8 characters.",
  required: true,
};

export default async function PasswordPage() {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  if (!(await accountHasPassword(user.id))) {
    // Made through a sign-in provider: no current password to type, so a recent sign-in stands in for it.
    return (
      <section className="flex flex-col gap-4">
        <h1 className="text-xl font-semibold">Password</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          You sign in through a provider and have no Parley password. Set one to log in without the provider too
          (setting it logs out every other session).
        </p>
        <RecentSignInNotice
          doing="setting a password"
          recent={await signedInRecently(user)}
          providers={await reauthProviders(user.id)}
          action={signInAgainAction}
          returnTo="/settings/password"
        />
        <ActionForm action={setPasswordAction} fields={[NEW_PASSWORD]} submitLabel="Set password" hideOnSuccess />
      </section>
    );
  }
  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-xl font-semibold">Password</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">Changing it logs out every other session.</p>
      <ActionForm
        action={savePasswordAction}
        fields={[
          {
            label: "Current password",
            name: "currentPassword",
            type: "password",
            autoComplete: "current-password",
            required: true,
          },
          NEW_PASSWORD,
        ]}
        submitLabel="Change password"
      />
    </section>
  );
}
