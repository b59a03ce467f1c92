import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { getCurrentUserIfReachable } from "@/lib/auth/current-user";
import { safeCallbackUrl } from "@/lib/auth/schemas";
import { login, passkeySignInOptions, signInWithPasskey } from "../actions";

export const metadata: Metadata = { title: "Log in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const callbackUrl = safeCallbackUrl((await searchParams).callbackUrl);
  if (await getCurrentUserIfReachable()) redirect(callbackUrl);
  return (
    <LoginForm
      action={login}
      callbackUrl={callbackUrl}
      passkeyOptions={passkeySignInOptions}
      signInWithPasskey={signInWithPasskey}
    />
  );
}
