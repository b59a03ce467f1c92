import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { ApiKeyForm } from "@/components/settings/api-key-form";
import { formatDate } from "@/components/settings/format";
import { RecentSignInNotice } from "@/components/settings/recent-sign-in";
import { Button } from "@/components/ui/button";
import { ACTIONS_COLUMN, DataTable } from "@/components/ui/data-table";
import { getCurrentUser } from "@/lib/auth/current-user";
import { getPermissions } from "@/lib/auth/permissions";
import { accountHasPassword, reauthProviders, signedInRecently } from "@/lib/auth/reauth";
import { listApiKeys } from "@/lib/db/api-keys";
import { createKeyAction, revokeKeyAction, setKeepRequestsAction } from "../actions";
import { signInAgainAction } from "../password/actions";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  const [keys, permissions, withPassword] = await Promise.all([
    listApiKeys(user.id),
    getPermissions(user.id),
    accountHasPassword(user.id),
  ]);
  const now = Date.now();
  return (
    <section className="flex flex-col gap-6">
      <h1 className="text-xl font-semibold">API keys</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Send a key as <code>Authorization: Bearer pk_…</code>. Only its first characters are stored in the clear.{" "}
        <Link href="/docs/api" className="text-sky-700 underline dark:text-sky-400">
          Read the API reference
        </Link>{" "}
        — it starts with a five-minute walkthrough.
      </p>
      {permissions.canCreateApiKeys ? (
        <>
          {withPassword ? null : (
            <RecentSignInNotice
              doing="creating an API key"
              recent={await signedInRecently(user)}
              providers={await reauthProviders(user.id)}
              action={signInAgainAction}
              returnTo="/settings/api-keys"
            />
          )}
          <ApiKeyForm action={createKeyAction} withPassword={withPassword} />
        </>
      ) : (
        <p className="rounded-md border border-zinc-300 px-4 py-3 text-sm dark:border-zinc-700">
          Your role does not allow creating API keys. Ask an administrator if you need one.
        </p>
      )}
      <h2 className="text-lg font-semibold">Your keys</h2>
      {keys.length === 0 ? (
        <p className="rounded-md border border-dashed border-zinc-300 px-4 py-6 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
          No API keys yet. Create one above to use the REST API.
        </p>
      ) : (
        <DataTable
          caption="Your API keys"
          className="stack"
          spaced
          columns={["Name", "Key", "Scopes", "Last used", "Expires", "Status", ACTIONS_COLUMN]}
        >
          {keys.map((key) => {
            const expired = key.expiresAt !== null && key.expiresAt.getTime() <= now;
            return (
              <tr key={key.id} className="border-b border-zinc-100 align-top dark:border-zinc-900">
                <td className="py-2 pr-3 font-medium break-words">{key.name}</td>
                <td data-label="Key" className="pr-3 font-mono whitespace-nowrap">
                  {key.keyPrefix}…
                </td>
                <td data-label="Scopes" className="pr-3">
                  {(Array.isArray(key.scopes) ? key.scopes : []).join(", ")}
                  {key.keepConversations ? (
                    <span className="block text-zinc-600 dark:text-zinc-400">Keeps requests as conversations</span>
                  ) : null}
                  {key.isActive ? (
                    <form action={setKeepRequestsAction} className="mt-1">
                      <input type="hidden" name="keyId" value={key.id} />
                      <input type="hidden" name="keep" value={key.keepConversations ? "off" : "on"} />
                      <button
                        type="submit"
                        className="text-sm text-sky-700 underline dark:text-sky-400"
                        aria-label={`${key.keepConversations ? "Stop keeping" : "Keep"} ${key.name}'s requests as conversations`}
                      >
                        {key.keepConversations ? "Stop keeping requests" : "Keep requests as conversations"}
                      </button>
                    </form>
                  ) : null}
                </td>
                <td data-label="Last used" className="pr-3">
                  {formatDate(key.lastUsedAt)}
                </td>
                <td data-label="Expires" className="pr-3">
                  {key.expiresAt ? formatDate(key.expiresAt) : "Never"}
                </td>
                <td data-label="Status" className="pr-3">
                  {!key.isActive ? "Revoked" : expired ? "Expired" : "Active"}
                </td>
                <td>
                  {key.isActive ? (
                    <form action={revokeKeyAction}>
                      <input type="hidden" name="keyId" value={key.id} />
                      <Button type="submit" variant="secondary" aria-label={`Revoke ${key.name}`}>
                        Revoke
                      </Button>
                    </form>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </DataTable>
      )}
    </section>
  );
}
