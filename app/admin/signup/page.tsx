import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { InviteForm } from "@/components/admin/invite-form";
import { SignupSettingsForm } from "@/components/admin/signup-settings-form";
import { ActionForm } from "@/components/auth/action-form";
import { formatDate } from "@/components/settings/format";
import { Button } from "@/components/ui/button";
import { getCurrentUser } from "@/lib/auth/current-user";
import { getSignupSettings } from "@/lib/auth/signup-settings";
import { listInvites } from "@/lib/db/invites";
import { listPendingUsers } from "@/lib/db/users";
import {
  approveUserAction,
  createAccountAction,
  createInviteAction,
  rejectUserAction,
  revokeInviteAction,
  saveSignupSettingsAction,
} from "./actions";

export const metadata: Metadata = { title: "Sign-up · Admin" };

function inviteStatus(invite: { revokedAt: Date | null; expiresAt: Date; remainingUses: number }, now: number) {
  if (invite.revokedAt) return "Revoked";
  if (invite.expiresAt.getTime() <= now) return "Expired";
  if (invite.remainingUses <= 0) return "Used up";
  return "Active";
}

export default async function AdminSignupPage() {
  const admin = await getCurrentUser();
  if (!admin) redirect("/login?callbackUrl=/admin/signup");
  if (!admin.isSuperuser) notFound();
  const [settings, invites, pending] = await Promise.all([getSignupSettings(), listInvites(), listPendingUsers()]);
  const now = Date.now();
  return (
    <main className="mx-auto flex w-full max-w-5xl flex-col gap-10 p-4 sm:p-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Sign-up</h1>
        <Link href="/admin" className="text-sm underline">
          Back to admin
        </Link>
      </div>

      <section className="flex flex-col gap-4" aria-labelledby="signup-settings-heading">
        <h2 id="signup-settings-heading" className="text-lg font-semibold">
          Sign-up settings
        </h2>
        <SignupSettingsForm settings={settings} action={saveSignupSettingsAction} />
      </section>

      <section className="flex flex-col gap-4" aria-labelledby="pending-heading">
        <h2 id="pending-heading" className="text-lg font-semibold">
          Waiting for approval ({pending.length})
        </h2>
        {pending.length === 0 ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">Nobody is waiting.</p>
        ) : (
          <table className="stack w-full text-left text-sm">
            <caption className="sr-only">Sign-ups waiting for approval</caption>
            <thead>
              <tr className="border-b border-zinc-200 dark:border-zinc-800">
                <th className="py-2">User</th>
                <th>Signed up</th>
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {pending.map((user) => (
                <tr key={user.id} className="border-b border-zinc-100 dark:border-zinc-900">
                  <td className="py-2">
                    <span className="font-medium">{user.username}</span>
                    <span className="block text-zinc-600 dark:text-zinc-400">{user.email}</span>
                  </td>
                  <td data-label="Signed up">{formatDate(user.createdAt)}</td>
                  <td>
                    <div className="flex gap-2">
                      <form action={approveUserAction}>
                        <input type="hidden" name="userId" value={user.id} />
                        <Button type="submit" aria-label={`Approve ${user.username}`}>
                          Approve
                        </Button>
                      </form>
                      <form action={rejectUserAction}>
                        <input type="hidden" name="userId" value={user.id} />
                        <Button type="submit" variant="secondary" aria-label={`Reject ${user.username}`}>
                          Reject
                        </Button>
                      </form>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="flex flex-col gap-4" aria-labelledby="invites-heading">
        <h2 id="invites-heading" className="text-lg font-semibold">
          Invite links
        </h2>
        <InviteForm action={createInviteAction} />
        {invites.length === 0 ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">No invite links yet.</p>
        ) : (
          <table className="stack w-full text-left text-sm">
            <caption className="sr-only">Invite links</caption>
            <thead>
              <tr className="border-b border-zinc-200 dark:border-zinc-800">
                <th className="py-2">Link</th>
                <th>For</th>
                <th>Uses left</th>
                <th>Expires</th>
                <th>Status</th>
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {invites.map((invite) => {
                const status = inviteStatus(invite, now);
                return (
                  <tr key={invite.id} className="border-b border-zinc-100 dark:border-zinc-900">
                    <td className="py-2 font-mono">{invite.tokenPrefix}…</td>
                    <td data-label="For">{invite.email ?? "Anyone"}</td>
                    <td data-label="Uses left">
                      {invite.remainingUses} of {invite.maxUses}
                    </td>
                    <td data-label="Expires">{formatDate(invite.expiresAt)}</td>
                    <td data-label="Status">{status}</td>
                    <td>
                      {status === "Active" ? (
                        <form action={revokeInviteAction}>
                          <input type="hidden" name="inviteId" value={invite.id} />
                          <Button type="submit" variant="secondary" aria-label={`Revoke invite ${invite.tokenPrefix}`}>
                            Revoke
                          </Button>
                        </form>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>

      <section className="flex max-w-sm flex-col gap-4" aria-labelledby="create-account-heading">
        <h2 id="create-account-heading" className="text-lg font-semibold">
          Create an account
        </h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Works whatever the sign-up setting. Tell the person their password; they can change it in settings.
        </p>
        <ActionForm
          action={createAccountAction}
          fields={[
            { label: "Email", name: "email", type: "email", required: true, maxLength: 320 },
            { label: "Username", name: "username", required: true, maxLength: 64 },
            { label: "Password", name: "password", type: "password", autoComplete: "new-password", required: true },
          ]}
          submitLabel="Create account"
        />
      </section>
    </main>
  );
}
