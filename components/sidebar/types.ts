import type { ActionState } from "@/lib/action-result";

/** Conversations per sidebar page: enough to fill a tall screen, few enough to load fast. */
export const SIDEBAR_PAGE_SIZE = 20;

/** What the sidebar needs to show one conversation (dates as ISO strings: it crosses the server/client line). */
export interface ConversationSummary {
  id: string;
  title: string | null;
  pinned: boolean;
  archived: boolean;
  updatedAt: string;
}

export interface ConversationPage {
  items: ConversationSummary[];
  nextCursor: string | null;
}

/** The server actions the sidebar calls, passed down from the layout (components never import from app/). */
export interface SidebarActions {
  list: (input: {
    cursor?: string | null;
    q?: string;
    view?: "active" | "archived" | "trash";
  }) => Promise<ActionState<ConversationPage>>;
  rename: (input: { id: string; title: string }) => Promise<ActionState>;
  setPinned: (input: { id: string; pinned: boolean }) => Promise<ActionState>;
  setArchived: (input: { id: string; archived: boolean }) => Promise<ActionState>;
  trash: (input: { id: string }) => Promise<ActionState>;
  restore: (input: { id: string }) => Promise<ActionState>;
  deleteForever: (input: { id: string }) => Promise<ActionState>;
  emptyTrash: () => Promise<ActionState<number>>;
}
