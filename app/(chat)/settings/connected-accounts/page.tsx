import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { formatDate } from "@/components/settings/format";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-alert";
import { getCurrentUser } from "@/lib/auth/current-user";
import { accountHasPassword, recentSignInNeeded } from "@/lib/auth/reauth";
import { isSsoRefusal, SSO_REFUSAL_MESSAGES } from "@/lib/auth/sso";
import { configuredSsoProviders } from "@/lib/auth/sso-providers";
import { listExternalAccounts } from "@/lib/db/external-accounts";
import { connectProviderAction, disconnectProviderAction } from "./actions";

export const metadata: Metadata = { title: "Connected accounts" };

const CONFIRM_PASSWORD = "Connecting needs your current password: enter it (correctly) next to Connect.";
const LAST_WAY_IN = "That is the only way into your account. Add a password or a passkey first, then disconnect it.";

function outcomeMessage(
  params: { connected?: string; disconnected?: string; error?: string },
  names: Map<string, string>,
) {
  if (params.error === "last_way_in") return { tone: "error" as const, text: LAST_WAY_IN };
  if (params.error === "password") return { tone: "error" as const, text: CONFIRM_PASSWORD };
  if (params.error === "recent_sign_in") return { tone: "error" as const, text: recentSignInNeeded("connecting") };
  if (isSsoRefusal(params.error)) return { tone: "error" as const, text: SSO_REFUSAL_MESSAGES[params.error] };
  if (params.error) return { tone: "error" as const, text: "Connecting did not complete. Try again." };
  if (params.connected)
    return { tone: "success" as const, text: `${names.get(params.connected) ?? "The provider"} is connected.` };
  if (params.disconnected) {
    return { tone: "success" as const, text: `${names.get(params.disconnected) ?? "The provider"} is disconnected.` };
  }
  return null;
}

export default async function ConnectedAccountsPage({
  searchParams,
}: {
  searchParams: Promise<{ connected?: string; disconnected?: string; error?: string }>;
}) {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  const providers = configuredSsoProviders();
  const connected = await listExternalAccounts(user.id);
  const askPassword = await accountHasPassword(user.id);
  const names = new Map(providers.map((p) => [p.id as string, p.name]));
  const message = outcomeMessage(await searchParams, names);
  // Providers no longer configured still show their connection, so it can be removed.
  const rows = [
    ...providers.map((p) => ({ id: p.id as string, name: p.name, configured: true })),
    ...connected
      .filter((c) => !names.has(c.provider))
      .map((c) => ({ id: c.provider, name: c.provider, configured: false })),
  ];
  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-xl font-semibold">Connected accounts</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Sign in to Parley with your organisation&apos;s account. Connecting asks the provider who you are; after that,
        its sign-in button opens this account.
      </p>
      {message ? <FormAlert message={message.text} tone={message.tone} /> : null}
      {rows.length === 0 ? (
        <p className="rounded-md border border-dashed border-zinc-300 px-4 py-6 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
          No sign-in provider is set up on this Parley.
        </p>
      ) : (
        <ul aria-label="Sign-in providers" className="flex flex-col divide-y divide-zinc-200 dark:divide-zinc-800">
          {rows.map((row) => {
            const link = connected.find((c) => c.provider === row.id);
            return (
              <li
                key={row.id}
                aria-label={row.name}
                className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 py-3"
              >
                <div className="min-w-0 text-sm">
                  <p className="font-medium">{row.name}</p>
                  <p className="break-words text-zinc-600 dark:text-zinc-400">
                    {link
                      ? `Connected${link.email ? ` as ${link.email}` : ""} · since ${formatDate(link.createdAt)}${
                          link.lastUsedAt ? ` · last used ${formatDate(link.lastUsedAt)}` : ""
                        }`
                      : "Not connected"}
                  </p>
                </div>
                {link ? (
                  <form action={disconnectProviderAction}>
                    <input type="hidden" name="provider" value={row.id} />
                    <Button type="submit" variant="secondary">
                      Disconnect
                    </Button>
                  </form>
                ) : row.configured ? (
                  <form action={connectProviderAction} className="flex flex-wrap items-center gap-2">
                    <input type="hidden" name="provider" value={row.id} />
                    {askPassword ? (
                      <input
                        type="password"
                        name="currentPassword"
                        required
                        autoComplete="current-password"
                        aria-label={`Current password to connect ${row.name}`}
                        placeholder="Current password"
                        className="w-44 rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900"
                      />
                    ) : null}
                    <Button type="submit">Connect</Button>
                  </form>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
