import { Shelf } from "@/components/sidebar/shelf";
import { requirePageUser } from "@/lib/auth/current-user";
import { sidebarActions } from "../chat-actions";
import { conversationPage } from "../conversation-pages";

export const metadata = { title: "Archived" };

export default async function ArchivedPage() {
  const user = await requirePageUser();
  const initial = await conversationPage({ userId: user.id, view: "archived" });
  return (
    <main className="min-h-0 flex-1 overflow-y-auto">
      <Shelf view="archived" initial={initial} actions={sidebarActions} />
    </main>
  );
}
