import { SsoButtons } from "@/components/auth/sso-buttons";
import { RECENT_SIGN_IN_MINUTES } from "@/lib/auth/reauth";

/**
 * On a settings page that needs the password, for an account that has none (made through a sign-in provider):
 * says that a recent sign-in stands in for it, and offers the provider's button to sign in again.
 */
export function RecentSignInNotice({
  doing,
  recent,
  providers,
  action,
  returnTo,
}: {
  /** What the page does, in a sentence: "changing your email address". */
  doing: string;
  recent: boolean;
  providers: { id: string; name: string }[];
  action: (formData: FormData) => Promise<void>;
  returnTo: string;
}) {
  if (recent) {
    return (
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Your account has no password. You signed in less than {RECENT_SIGN_IN_MINUTES} minutes ago, which is enough for{" "}
        {doing}.
      </p>
    );
  }
  return (
    <div className="flex flex-col gap-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
      <p>
        Your account has no password, so {doing} needs a recent sign-in: sign in again, then come back within{" "}
        {RECENT_SIGN_IN_MINUTES} minutes.
      </p>
      {providers.length > 0 ? (
        <SsoButtons providers={providers} action={action} callbackUrl={returnTo} verb="Sign in again" />
      ) : (
        <p>Log out and sign in again with your provider.</p>
      )}
    </div>
  );
}
