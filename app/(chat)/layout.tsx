import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { UserMenu } from "@/components/auth/user-menu";
import { VerificationBanner } from "@/components/auth/verification-banner";
import { SendKeyProvider } from "@/components/preferences/send-key";
import { ConversationsProvider } from "@/components/sidebar/conversations-context";
import { HeaderTitle } from "@/components/sidebar/header-title";
import { NewChatIconLink } from "@/components/sidebar/new-chat";
import { Sidebar } from "@/components/sidebar/sidebar";
import { SidebarShell, SidebarToggle } from "@/components/sidebar/sidebar-shell";
import { SkipLink } from "@/components/sidebar/skip-link";
import { DatabaseUnavailable } from "@/components/status/database-unavailable";
import { getCurrentUser } from "@/lib/auth/current-user";
import { getPreferences } from "@/lib/db/preferences";
import { listProjects } from "@/lib/db/projects";
import { latestDirectEventId } from "@/lib/direct/events";
import { countUnreadDirectMessages } from "@/lib/direct/messages";
import { isDatabaseUnavailableError } from "@/lib/errors";
import { readThemePreference } from "@/lib/theme-preference";
import { logoutAction, resendVerificationAction } from "../(auth)/actions";
import { sidebarActions } from "./chat-actions";
import { conversationPage } from "./conversation-pages";

async function loadShell() {
  const user = await getCurrentUser();
  if (!user) return null;
  // The event feed's position before the count: an event between the two is replayed, never missed.
  const directEventsAfter = await latestDirectEventId(user.id);
  const [initial, unread, preferences, theme, projects] = await Promise.all([
    conversationPage({ userId: user.id }),
    countUnreadDirectMessages(user.id),
    getPreferences(user.id),
    readThemePreference(),
    listProjects({ userId: user.id }),
  ]);
  return {
    user,
    initial,
    unread,
    directEventsAfter,
    preferences,
    theme,
    projects: projects.map(({ id, name }) => ({ id, name })),
  };
}

export default async function ChatLayout({ children }: { children: ReactNode }) {
  let shell: Awaited<ReturnType<typeof loadShell>>;
  try {
    shell = await loadShell();
  } catch (error) {
    // Not a redirect to /login: the person is still signed in, the server just cannot check it now.
    if (isDatabaseUnavailableError(error)) return <DatabaseUnavailable />;
    throw error;
  }
  if (!shell) redirect("/login");
  const { user, initial, unread, directEventsAfter, preferences, theme, projects } = shell;
  return (
    <ConversationsProvider>
      <SidebarShell
        skipLink={<SkipLink />}
        sidebar={<Sidebar initial={initial} actions={sidebarActions} projects={projects} />}
      >
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
            directEventsAfter={directEventsAfter}
            theme={theme}
            logoutAction={logoutAction}
          />
        </header>
        {user.isEmailVerified ? null : (
          <VerificationBanner email={user.email} resendAction={resendVerificationAction} />
        )}
        {/* Pages taller than the screen (settings, direct messages) scroll here, below the header. */}
        <div className="flex min-h-0 flex-1 flex-col overflow-y-auto">
          <SendKeyProvider value={preferences.sendKey}>{children}</SendKeyProvider>
        </div>
      </SidebarShell>
    </ConversationsProvider>
  );
}
