import "server-only";
import type { ConversationPage } from "@/components/sidebar/types";
import { SIDEBAR_PAGE_SIZE } from "@/components/sidebar/types";
import { listConversations } from "@/lib/db/conversations";

export type ShelfView = "active" | "archived" | "trash";

/** One page of the sidebar, the archive or the trash, shaped for the client (dates as ISO strings). */
export async function conversationPage({
  userId,
  view = "active",
  cursor,
  q,
}: {
  userId: string;
  view?: ShelfView;
  cursor?: string | null;
  q?: string;
}): Promise<ConversationPage> {
  const page = await listConversations({
    userId,
    cursor,
    q,
    limit: SIDEBAR_PAGE_SIZE,
    archived: view === "archived",
    trashed: view === "trash",
  });
  return {
    items: page.items.map((c) => ({
      id: c.id,
      title: c.title,
      pinned: c.pinned,
      archived: c.archived,
      updatedAt: c.updatedAt.toISOString(),
    })),
    nextCursor: page.nextCursor,
  };
}
