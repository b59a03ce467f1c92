import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { UserMenu } from "@/components/auth/user-menu";
import { VerificationBanner } from "@/components/auth/verification-banner";
import { HeaderTitle } from "@/components/sidebar/header-title";
import { NewChatIconLink } from "@/components/sidebar/new-chat";
import { Sidebar } from "@/components/sidebar/sidebar";
import { SidebarShell, SidebarToggle } from "@/components/sidebar/sidebar-shell";
import { SkipLink } from "@/components/sidebar/skip-link";
import { getCurrentUser } from "@/lib/auth/current-user";
import { countUnreadDirectMessages } from "@/lib/db/direct-messages";
import { readThemePreference } from "@/lib/theme-preference";
import { logout, resendVerification } from "../(auth)/actions";
import { sidebarActions } from "./chat-actions";
import { conversationPage } from "./conversation-pages";

export default async function ChatLayout({ children }: { children: ReactNode }) {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  const [initial, unread, theme] = await Promise.all([
    conversationPage({ userId: user.id }),
    countUnreadDirectMessages(user.id),
    readThemePreference(),
  ]);
  return (
    <SidebarShell skipLink={<SkipLink />} sidebar={<Sidebar initial={initial} actions={sidebarActions} />}>
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
          theme={theme}
          logoutAction={logout}
        />
      </header>
      {user.isEmailVerified ? null : <VerificationBanner email={user.email} resendAction={resendVerification} />}
      {children}
    </SidebarShell>
  );
}
