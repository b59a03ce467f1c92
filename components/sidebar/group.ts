import type { ConversationSummary } from "./types";

export type GroupName = "Pinned" | "Today" | "Yesterday" | "Previous 7 days" | "Previous 30 days" | "Older";

const DAY = 86_400_000;

function startOfDay(date: Date): number {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

/** Sidebar groups in display order; the input order (pinned first, newest first) is kept inside each group. */
export function groupConversations(
  items: ConversationSummary[],
  now = new Date(),
): { name: GroupName; items: ConversationSummary[] }[] {
  const today = startOfDay(now);
  const groups = new Map<GroupName, ConversationSummary[]>();
  for (const item of items) {
    const name = groupOf(item, today);
    const list = groups.get(name) ?? [];
    list.push(item);
    groups.set(name, list);
  }
  const order: GroupName[] = ["Pinned", "Today", "Yesterday", "Previous 7 days", "Previous 30 days", "Older"];
  return order.flatMap((name) => {
    const list = groups.get(name);
    return list ? [{ name, items: list }] : [];
  });
}

function groupOf(item: ConversationSummary, today: number): GroupName {
  if (item.pinned) return "Pinned";
  const day = startOfDay(new Date(item.updatedAt));
  if (day >= today) return "Today";
  if (day >= today - DAY) return "Yesterday";
  if (day >= today - 7 * DAY) return "Previous 7 days";
  if (day >= today - 30 * DAY) return "Previous 30 days";
  return "Older";
}
