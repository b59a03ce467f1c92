"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { auditAction, formText, submitAction } from "@/lib/action";
import { confirmIdentity } from "@/lib/auth/reauth";
import { clientIp } from "@/lib/auth/request-info";
import { CONNECTED_ACCOUNTS_PATH, connectIntentCookie } from "@/lib/auth/sso-callback";
import { SsoProviderIdSchema, ssoProviderById } from "@/lib/auth/sso-providers";
import { startSsoLogin } from "@/lib/auth/sso-start";
import { disconnectExternalAccount } from "@/lib/db/external-accounts";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";

const settings = { signedOut: "login" } as const;

/**
 * "Connect": the provider's login, after which its callback connects the account to this one. The cookie
 * names this account and this session, and the callback honours it only while this browser is still signed in
 * to that session. A connected provider opens the account, so connecting asks what the other account-handing
 * settings ask: the current password, or (no password) a recent sign-in through an already connected provider;
 * a stolen cookie alone must not add the thief's own way in.
 */
export const connectProviderAction = submitAction(
  {
    ...settings,
    name: "settings.connectProvider",
    input: z.object({ provider: SsoProviderIdSchema, currentPassword: formText(z.string().max(1024)) }),
  },
  async ({ provider, currentPassword }, user) => {
    // Before the password is checked: an unknown provider is not worth an attempt against the throttle.
    if (!ssoProviderById(provider))
      throw new AppError("not_found", { message: "That sign-in provider is not set up." });
    const identity = await confirmIdentity({
      user,
      password: currentPassword,
      ip: clientIp(await headers()),
      doing: "connecting another sign-in",
      missingPassword: "Enter your current password to connect an account.",
    });
    if (!identity.ok) redirect(`${CONNECTED_ACCOUNTS_PATH}?error=${identity.field ? "password" : "recent_sign_in"}`);
    await startSsoLogin(provider, {
      intent: connectIntentCookie({ userId: user.id, sessionId: user.sessionId, provider }),
      redirectTo: CONNECTED_ACCOUNTS_PATH,
    });
  },
);

export const disconnectProviderAction = submitAction(
  { ...settings, name: "settings.disconnectProvider", input: z.object({ provider: SsoProviderIdSchema }) },
  async ({ provider }, user) => {
    const outcome = await disconnectExternalAccount({ userId: user.id, provider });
    if (outcome === "last_way_in") redirect(`${CONNECTED_ACCOUNTS_PATH}?error=last_way_in`);
    if (outcome === "disconnected") {
      const name = ssoProviderById(provider)?.name ?? provider;
      log.info("auth.sso_disconnected", { userId: user.id, provider });
      await auditAction(user, "auth.sso_disconnected", { subjectId: user.id, details: { provider: name } });
    }
    revalidatePath(CONNECTED_ACCOUNTS_PATH);
    redirect(`${CONNECTED_ACCOUNTS_PATH}?disconnected=${provider}`);
  },
);
