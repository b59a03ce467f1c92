import { Shelf } from "@/components/sidebar/shelf";
import { requireUser } from "@/lib/auth/current-user";
import { listConversations } from "@/lib/db/conversations";
import { sidebarActions } from "../chat-actions";

export const metadata = { title: "Archived" };

export default async function ArchivedPage() {
  const user = await requireUser();
  const page = await listConversations({ userId: user.id, limit: 30, archived: true });
  const initial = {
    items: page.items.map((c) => ({
      id: c.id,
      title: c.title,
      pinned: c.pinned,
      archived: c.archived,
      updatedAt: c.updatedAt.toISOString(),
    })),
    nextCursor: page.nextCursor,
  };
  return (
    <main className="min-h-0 flex-1 overflow-y-auto">
      <Shelf view="archived" initial={initial} actions={sidebarActions} />
    </main>
  );
}
