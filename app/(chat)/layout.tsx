import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { UserMenu } from "@/components/auth/user-menu";
import { VerificationBanner } from "@/components/auth/verification-banner";
import { getCurrentUser } from "@/lib/auth/current-user";
import { logout, resendVerification } from "../(auth)/actions";

export default async function ChatLayout({ children }: { children: ReactNode }) {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  return (
    <div className="flex min-h-dvh">
      <nav
        aria-label="Conversations"
        className="hidden w-64 shrink-0 border-r border-zinc-200 p-3 md:block dark:border-zinc-800"
      >
        <p className="text-sm font-semibold">Parley</p>
      </nav>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex items-center justify-end gap-3 border-b border-zinc-200 px-4 py-2 text-sm dark:border-zinc-800">
          <UserMenu username={user.username} isSuperuser={user.isSuperuser} logoutAction={logout} />
        </header>
        {user.isEmailVerified ? null : <VerificationBanner email={user.email} resendAction={resendVerification} />}
        {children}
      </div>
    </div>
  );
}
