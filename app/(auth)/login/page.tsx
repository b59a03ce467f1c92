import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { getCurrentUserIfReachable } from "@/lib/auth/current-user";
import { BREAK_GLASS_PARAM } from "@/lib/auth/local-sign-in-policy";
import { safeCallbackUrl } from "@/lib/auth/schemas";
import { signupRefusal } from "@/lib/auth/signup";
import { getSignupSettings } from "@/lib/auth/signup-settings";
import { ssoErrorMessage } from "@/lib/auth/sso";
import { configuredSsoProviders } from "@/lib/auth/sso-providers";
import { loginAction, passkeySignInOptionsAction, signInWithPasskeyAction, signInWithProviderAction } from "../actions";

export const metadata: Metadata = { title: "Log in" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; error?: string | string[]; with?: string | string[] }>;
}) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  if (await getCurrentUserIfReachable()) redirect(callbackUrl);
  const signupOpen = (await signupRefusal().catch(() => null)) === null;
  // Administrators keep their password while it is hidden (break-glass): /login?with=password shows the form.
  const hidePasswordLogin =
    params.with !== BREAK_GLASS_PARAM.value &&
    (await getSignupSettings().catch(() => null))?.hidePasswordLogin === true;
  return (
    <LoginForm
      action={loginAction}
      callbackUrl={callbackUrl}
      signupOpen={signupOpen}
      passkeyOptions={passkeySignInOptionsAction}
      signInWithPasskey={signInWithPasskeyAction}
      ssoProviders={configuredSsoProviders()}
      signInWithProvider={signInWithProviderAction}
      hidePasswordLogin={hidePasswordLogin}
      ssoError={ssoErrorMessage(params.error)}
    />
  );
}
