import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ImportForm } from "@/components/settings/import-form";
import { getCurrentUser } from "@/lib/auth/current-user";
import { env } from "@/lib/env";

export const metadata: Metadata = { title: "Import" };

export default async function ImportPage() {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  return (
    <section className="flex flex-col gap-6">
      <h1 className="text-xl font-semibold">Import</h1>
      <div className="flex flex-col gap-2 text-sm text-zinc-600 dark:text-zinc-400">
        <p>
          Bring your history with you. From ChatGPT: Settings → Data controls → Export data, then choose the{" "}
          <code>.zip</code> you are mailed (or the <code>conversations.json</code> inside it). From Parley: a
          conversation’s JSON export.
        </p>
        <p>
          Titles, times and every branch of an edited conversation are kept. System and tool messages (and the browsing
          tool’s searches and clicks) and hidden context are left out, as ChatGPT does not show them either; images and
          files become a placeholder. If anything in the file is not valid, nothing is imported and you are told where.
          Importing the same file again adds nothing twice.
        </p>
      </div>
      <ImportForm maxBytes={Math.floor(env().PARLEY_IMPORT_MAX_MB * 1024 * 1024)} />
    </section>
  );
}
