"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { auditAction, submitAction } from "@/lib/action";
import { CONNECTED_ACCOUNTS_PATH, connectIntentCookie } from "@/lib/auth/sso-callback";
import { SsoProviderIdSchema, ssoProviderById } from "@/lib/auth/sso-providers";
import { startSsoLogin } from "@/lib/auth/sso-start";
import { disconnectExternalAccount } from "@/lib/db/external-accounts";
import { log } from "@/lib/log";

const settings = { signedOut: "login" } as const;

/**
 * "Connect": the provider's login, after which its callback connects the account to this one. The cookie
 * names this account and this session, and the callback honours it only while this browser is still signed in
 * to that session.
 */
export const connectProviderAction = submitAction(
  { ...settings, name: "settings.connectProvider", input: z.object({ provider: SsoProviderIdSchema }) },
  async ({ provider }, user) => {
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
