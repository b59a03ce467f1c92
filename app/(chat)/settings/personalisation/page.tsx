import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { PreferencesForm } from "@/components/settings/preferences-form";
import { getCurrentUser } from "@/lib/auth/current-user";
import { listAllowedModels } from "@/lib/auth/permissions";
import { MAX_CUSTOM_INSTRUCTIONS } from "@/lib/db/preference-limits";
import { getPreferences } from "@/lib/db/preferences";

export const metadata: Metadata = { title: "Personalisation" };

export default async function PersonalisationPage() {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  const preferences = await getPreferences(user.id);
  const models = await listAllowedModels(user.id);
  return (
    <section className="flex flex-col gap-6">
      <h1 className="text-xl font-semibold">Personalisation</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Saved to your account: every device you sign in on uses them. The theme (System, Light or Dark) is in the
        account menu, at the top right of every page.
      </p>
      <PreferencesForm
        initial={{
          customInstructions: preferences.customInstructions ?? "",
          defaultModelId: models.some((m) => m.id === preferences.defaultModelId)
            ? (preferences.defaultModelId ?? "")
            : "",
          sendKey: preferences.sendKey,
        }}
        models={models.map(({ id, label }) => ({ id, label }))}
        maxInstructions={MAX_CUSTOM_INSTRUCTIONS}
      />
    </section>
  );
}
