import type { Metadata } from "next";
import { Passkeys } from "@/components/settings/passkeys";
import { TwoFactorOn, TwoFactorSetup } from "@/components/settings/two-factor-forms";
import { FormAlert } from "@/components/ui/form-alert";
import { requirePageUser } from "@/lib/auth/current-user";
import { TWO_FACTOR_SETUP_MESSAGE } from "@/lib/auth/two-factor-policy";
import { listPasskeys } from "@/lib/db/passkeys";
import { countUnusedRecoveryCodes, getTotpSecret } from "@/lib/db/two-factor";
import {
  addPasskeyAction,
  newRecoveryCodesAction,
  passkeyOptionsAction,
  removePasskeyAction,
  startTwoFactorSetupAction,
  turnOffTwoFactorAction,
  turnOnTwoFactorAction,
} from "./actions";

const day = (date: Date) => date.toISOString().slice(0, 10);

export const metadata: Metadata = { title: "Two-factor authentication" };

export default async function TwoFactorPage() {
  const user = await requirePageUser({ duringTwoFactorSetup: true });
  const totp = await getTotpSecret(user.id);
  const enabled = Boolean(totp?.enabledAt);
  const codesLeft = enabled ? await countUnusedRecoveryCodes(user.id) : 0;
  const passkeys = (await listPasskeys(user.id)).map((p) => ({
    id: p.id,
    name: p.name,
    addedOn: day(p.createdAt),
    lastUsed: p.lastUsedAt ? day(p.lastUsedAt) : null,
  }));
  return (
    <section className="flex flex-col gap-6">
      <div className="flex flex-col gap-2">
        <h1 className="text-xl font-semibold">Two-factor authentication</h1>
        {user.mustSetUpTwoFactor ? <FormAlert message={TWO_FACTOR_SETUP_MESSAGE} /> : null}
        {enabled ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            Two-factor authentication is on: logging in asks for a code from your authenticator app after your password.{" "}
            {codesLeft} of 10 recovery codes left.
          </p>
        ) : null}
      </div>
      {enabled ? (
        <TwoFactorOn turnOff={turnOffTwoFactorAction} regenerate={newRecoveryCodesAction} />
      ) : (
        <TwoFactorSetup start={startTwoFactorSetupAction} confirm={turnOnTwoFactorAction} />
      )}
      <Passkeys
        passkeys={passkeys}
        getOptions={passkeyOptionsAction}
        add={addPasskeyAction}
        remove={removePasskeyAction}
      />
    </section>
  );
}
