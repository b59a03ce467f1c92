import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { UserMenu } from "@/components/auth/user-menu";
import { VerificationBanner } from "@/components/auth/verification-banner";
import { HeaderTitle } from "@/components/sidebar/header-title";
import { NewChatIconLink } from "@/components/sidebar/new-chat";
import { Sidebar } from "@/components/sidebar/sidebar";
import { SidebarShell, SidebarToggle } from "@/components/sidebar/sidebar-shell";
import { getCurrentUser } from "@/lib/auth/current-user";
import { countUnreadDirectMessages } from "@/lib/db/direct-messages";
import { getPreferences } from "@/lib/db/preferences";
import { SendKeyProvider } from "@/components/preferences/send-key";
import { logout, resendVerification } from "../(auth)/actions";
import { sidebarActions } from "./chat-actions";
import { conversationPage } from "./conversation-pages";

export default async function ChatLayout({ children }: { children: ReactNode }) {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  const [initial, unread, preferences] = await Promise.all([
    conversationPage({ userId: user.id }),
    countUnreadDirectMessages(user.id),
    getPreferences(user.id),
  ]);
  return (
    <SidebarShell sidebar={<Sidebar initial={initial} actions={sidebarActions} />}>
      <header className="flex h-14 shrink-0 items-center justify-between gap-3 border-b border-zinc-200/70 px-3 text-sm dark:border-zinc-800/70">
        <div className="flex items-center gap-1">
          <SidebarToggle />
          <NewChatIconLink />
        </div>
        <HeaderTitle />
        <UserMenu
          username={user.username}
          isSuperuser={user.isSuperuser}
          unreadDirectMessages={unread}
          logoutAction={logout}
        />
      </header>
      {user.isEmailVerified ? null : <VerificationBanner email={user.email} resendAction={resendVerification} />}
      <SendKeyProvider value={preferences.sendKey}>{children}</SendKeyProvider>
    </SidebarShell>
  );
}
