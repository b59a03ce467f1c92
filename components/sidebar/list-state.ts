import type { ActionState } from "@/lib/action-result";
import type { ConversationSummary, SidebarActions } from "./types";

/** A change to one conversation in the list: fields to change, or null when it leaves the list. */
export type ItemPatch = Partial<ConversationSummary> | null;

/** Appends a later page, skipping conversations already shown (the list may have shifted in between). */
export function mergePages(first: ConversationSummary[], rest: ConversationSummary[]): ConversationSummary[] {
  const seen = new Set(first.map((i) => i.id));
  return [...first, ...rest.filter((i) => !seen.has(i.id))];
}

export function applyPatch(list: ConversationSummary[], id: string, patch: ItemPatch): ConversationSummary[] {
  if (patch === null) return list.filter((i) => i.id !== id);
  return list.map((i) => (i.id === id ? { ...i, ...patch } : i));
}

/** A conversation that just got a reply, first (the list is newest first), or null when the list lacks it. */
export function movedToTop(list: ConversationSummary[], id: string, updatedAt: string): ConversationSummary[] | null {
  const item = list.find((i) => i.id === id);
  return item ? [{ ...item, updatedAt }, ...list.filter((i) => i.id !== id)] : null;
}

/** What one sidebar action does: its optimistic change, what it says when done, and how to undo it. */
export interface Mutation {
  id: string;
  patch: ItemPatch;
  run: () => Promise<ActionState<unknown>>;
  /** Shown once the server agreed; with `undo`, an Undo button next to it. */
  done?: string;
  undo?: () => Promise<unknown>;
  /** The change moves the conversation in the list (e.g. pinning): reload it from the server after. */
  reorders?: boolean;
}

/** The sidebar entry menu's actions as mutations (one shape, so archive and trash cannot drift apart). */
export function mutations(
  actions: Pick<SidebarActions, "rename" | "setPinned" | "setArchived" | "trash" | "restore">,
  item: ConversationSummary,
) {
  const id = item.id;
  return {
    rename: (title: string): Mutation => ({ id, patch: { title }, run: () => actions.rename({ id, title }) }),
    setPinned: (pinned: boolean): Mutation => ({
      id,
      patch: { pinned },
      run: () => actions.setPinned({ id, pinned }),
      reorders: true,
    }),
    archive: (): Mutation => ({
      id,
      patch: null,
      run: () => actions.setArchived({ id, archived: true }),
      done: "Conversation archived.",
      undo: () => actions.setArchived({ id, archived: false }),
    }),
    trash: (): Mutation => ({
      id,
      patch: null,
      run: () => actions.trash({ id }),
      done: "Moved to trash.",
      undo: () => actions.restore({ id }),
    }),
  };
}
