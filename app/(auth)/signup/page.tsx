import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { z } from "zod";
import { SignupForm } from "@/components/auth/signup-form";
import { SsoButtons } from "@/components/auth/sso-buttons";
import { getCurrentUserIfReachable } from "@/lib/auth/current-user";
import { localSignInOff } from "@/lib/auth/local-sign-in-policy";
import { signupRefusal } from "@/lib/auth/signup";
import { getSignupSettings } from "@/lib/auth/signup-settings";
import { configuredSsoProviders } from "@/lib/auth/sso-providers";
import { signInWithProviderAction, signupAction } from "../actions";

export const metadata: Metadata = { title: "Sign up" };

const InviteParam = z.string().trim().min(1).max(200).optional().catch(undefined);

export default async function SignupPage({ searchParams }: { searchParams: Promise<{ invite?: string }> }) {
  if (await getCurrentUserIfReachable()) redirect("/");
  const invite = InviteParam.parse((await searchParams).invite);
  const [refusal, { mode, allowedDomains }] = await Promise.all([signupRefusal(invite), getSignupSettings()]);
  if (refusal) {
    return (
      <div className="flex flex-col gap-4">
        <h1 className="text-xl font-semibold">Sign-up is not available</h1>
        <p className="text-sm text-zinc-700 dark:text-zinc-300">{refusal}</p>
        {invite && mode === "open" ? (
          <Link href="/signup" className="text-sm font-medium underline">
            Sign up without an invite
          </Link>
        ) : null}
        <p className="text-center text-sm text-zinc-600 dark:text-zinc-400">
          Already have an account?{" "}
          <Link href="/login" className="font-medium underline">
            Log in
          </Link>
        </p>
      </div>
    );
  }
  // With password login hidden, the providers are the only way to sign up (and in).
  const providersOnly = await localSignInOff();
  const providers = invite || providersOnly ? configuredSsoProviders() : [];
  if (providersOnly) {
    return (
      <div className="flex flex-col gap-4">
        <h1 className="text-xl font-semibold">Sign up</h1>
        <SsoButtons providers={providers} action={signInWithProviderAction} callbackUrl="/" invite={invite} />
      </div>
    );
  }
  if (providers.length === 0)
    return <SignupForm action={signupAction} inviteToken={invite} allowedDomains={allowedDomains} />;
  // An invite also opens sign-up through a provider: its token rides along to the provider's callback.
  return (
    <div className="flex flex-col gap-4">
      <SsoButtons providers={providers} action={signInWithProviderAction} callbackUrl="/" invite={invite} />
      <SignupForm action={signupAction} inviteToken={invite} allowedDomains={allowedDomains} />
    </div>
  );
}
