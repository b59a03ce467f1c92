import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ActionForm } from "@/components/auth/action-form";
import { getCurrentUser } from "@/lib/auth/current-user";
import { savePasswordAction } from "../actions";

export const metadata: Metadata = { title: "Password" };

export default async function PasswordPage() {
  if (!(await getCurrentUser())) redirect("/login");
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
          {
            label: "New password",
            name: "newPassword",
            type: "password",
            autoComplete: "new-password",
            hint: "At least 8 characters.",
            required: true,
          },
        ]}
        submitLabel="Change password"
      />
    </section>
  );
}
