import "server-only";
import { cookies } from "next/headers";
import { AppError } from "../errors";
import { signIn } from "./config";
import { type SsoProviderId, ssoProviderById } from "./sso-providers";

export interface SsoIntentCookie {
  name: string;
  value: string;
  options: { httpOnly: boolean; sameSite: "lax"; path: string; maxAge: number };
}

/**
 * Starts a provider's login ("Sign in with …", "Connect"): refuses a provider that is not set up, leaves the
 * cookie its callback reads (an invite, or which account to connect to), then Auth.js sets the state, PKCE
 * and nonce cookies and redirects (signIn throws NEXT_REDIRECT, which the action wrappers pass through).
 */
export async function startSsoLogin(
  provider: SsoProviderId,
  { intent, redirectTo }: { intent: SsoIntentCookie | null; redirectTo: string },
): Promise<void> {
  if (!ssoProviderById(provider)) throw new AppError("not_found", { message: "That sign-in provider is not set up." });
  if (intent) (await cookies()).set(intent.name, intent.value, intent.options);
  await signIn(provider, { redirectTo });
}
