import type { ReactNode } from "react";
import { SettingsNav } from "@/components/settings/settings-nav";

export default function SettingsLayout({ children }: { children: ReactNode }) {
  return (
    <main className="mx-auto flex w-full max-w-4xl flex-1 flex-col gap-6 p-6 md:flex-row">
      <SettingsNav />
      <div className="flex min-w-0 flex-1 flex-col gap-6">{children}</div>
    </main>
  );
}
