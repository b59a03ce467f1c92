import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { getCurrentUserIfReachable } from "@/lib/auth/current-user";
import { safeCallbackUrl } from "@/lib/auth/schemas";
import { signupRefusal } from "@/lib/auth/signup";
import { login, passkeySignInOptions, signInWithPasskey } from "../actions";

export const metadata: Metadata = { title: "Log in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const callbackUrl = safeCallbackUrl((await searchParams).callbackUrl);
  if (await getCurrentUserIfReachable()) redirect(callbackUrl);
  const signupOpen = (await signupRefusal().catch(() => null)) === null;
  return (
    <LoginForm
      action={login}
      callbackUrl={callbackUrl}
      signupOpen={signupOpen}
      passkeyOptions={passkeySignInOptions}
      signInWithPasskey={signInWithPasskey}
    />
  );
}
