import { Shelf } from "@/components/sidebar/shelf";
import { requirePageUser } from "@/lib/auth/current-user";
import { sidebarActions } from "../chat-actions";
import { conversationPage } from "../conversation-pages";

export const metadata = { title: "Trash" };

export default async function TrashPage() {
  const user = await requirePageUser();
  const initial = await conversationPage({ userId: user.id, view: "trash" });
  return (
    <main className="min-h-0 flex-1 overflow-y-auto">
      <Shelf view="trash" initial={initial} actions={sidebarActions} />
    </main>
  );
}
