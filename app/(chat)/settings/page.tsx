import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ActionForm } from "@/components/auth/action-form";
import { RecentSignInNotice } from "@/components/settings/recent-sign-in";
import { getCurrentUser } from "@/lib/auth/current-user";
import { accountHasPassword, reauthProviders, signedInRecently } from "@/lib/auth/reauth";
import { getUserById } from "@/lib/db/users";
import { saveProfileAction } from "./actions";
import { signInAgainAction } from "./password/actions";

export const metadata: Metadata = { title: "Profile" };

export default async function ProfilePage() {
  const current = await getCurrentUser();
  if (!current) redirect("/login");
  const user = await getUserById(current.id);
  if (!user) redirect("/login");
  // An account made through a sign-in provider has no password to confirm an email change: a recent sign-in does.
  const withPassword = await accountHasPassword(user.id);
  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-xl font-semibold">Profile</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        {user.emailVerifiedAt ? "Your email address is verified." : "Your email address is not verified yet."}
      </p>
      {withPassword ? null : (
        <RecentSignInNotice
          doing="changing your email address"
          recent={await signedInRecently(current)}
          providers={await reauthProviders(user.id)}
          action={signInAgainAction}
          returnTo="/settings"
        />
      )}
      <ActionForm
        action={saveProfileAction}
        fields={[
          {
            label: "Full name",
            name: "fullName",
            autoComplete: "name",
            defaultValue: user.fullName ?? "",
            maxLength: 100,
          },
          { label: "Bio", name: "bio", defaultValue: user.bio ?? "", maxLength: 1000 },
          {
            label: "Username",
            name: "username",
            autoComplete: "username",
            defaultValue: user.username,
            required: true,
          },
          {
            label: "Email",
            name: "email",
            type: "email",
            autoComplete: "email",
            defaultValue: user.email,
            required: true,
            hint: "A new address is used once you open the link we send to it.",
          },
          ...(withPassword
            ? [
                {
                  label: "Current password",
                  name: "currentPassword",
                  type: "password",
                  autoComplete: "current-password",
                  hint: "Needed only to change your email address.",
                },
              ]
            : []),
        ]}
        submitLabel="Save profile"
      />
    </section>
  );
}
