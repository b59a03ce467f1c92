import type { ConversationSummary } from "./types";

/** A fixed group, or for history older than 30 days its month ("October", or "October 2025" in earlier years). */
export type GroupName = "Pinned" | "Today" | "Yesterday" | "Previous 7 days" | "Previous 30 days" | (string & {});

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
    const name = groupOf(item, today, now);
    const list = groups.get(name) ?? [];
    list.push(item);
    groups.set(name, list);
  }
  const order: GroupName[] = ["Pinned", "Today", "Yesterday", "Previous 7 days", "Previous 30 days"];
  const fixed = order.flatMap((name) => {
    const list = groups.get(name);
    return list ? [{ name, items: list }] : [];
  });
  // Months in the order their newest conversation came (the input is newest first).
  const months = [...groups].filter(([name]) => !order.includes(name)).map(([name, list]) => ({ name, items: list }));
  return [...fixed, ...months];
}

function groupOf(item: ConversationSummary, today: number, now: Date): GroupName {
  if (item.pinned) return "Pinned";
  const day = startOfDay(new Date(item.updatedAt));
  if (day >= today) return "Today";
  if (day >= today - DAY) return "Yesterday";
  if (day >= today - 7 * DAY) return "Previous 7 days";
  if (day >= today - 30 * DAY) return "Previous 30 days";
  const date = new Date(item.updatedAt);
  const month = date.toLocaleDateString("en-GB", { month: "long" });
  return date.getFullYear() === now.getFullYear() ? month : `${month} ${date.getFullYear()}`;
}
