import { describe, expect, it } from "vitest";
import { groupConversations } from "./group";

const at = (id: string, iso: string, pinned = false) => ({ id, title: id, pinned, archived: false, updatedAt: iso });

describe("groupConversations", () => {
  it("puts pinned first, then buckets by calendar day", () => {
    const now = new Date(2026, 10, 23, 9, 0);
    const iso = (daysAgo: number, hour = 12) => new Date(2026, 10, 23 - daysAgo, hour).toISOString();
    const groups = groupConversations(
      [
        at("pin", iso(400), true),
        at("today", iso(0, 1)),
        at("yesterday-late", iso(1, 23)),
        at("six", iso(6)),
        at("twenty", iso(20)),
        at("old", iso(45)),
        at("older", iso(50)),
        at("march", new Date(2026, 2, 3).toISOString()),
        at("last-year", new Date(2025, 9, 9).toISOString()),
      ],
      now,
    );
    expect(groups.map((g) => [g.name, g.items.map((i) => i.id)])).toEqual([
      ["Pinned", ["pin"]],
      ["Today", ["today"]],
      ["Yesterday", ["yesterday-late"]],
      ["Previous 7 days", ["six"]],
      ["Previous 30 days", ["twenty"]],
      ["October", ["old", "older"]],
      ["March", ["march"]],
      ["October 2025", ["last-year"]],
    ]);
  });

  it("omits empty groups", () => {
    expect(groupConversations([])).toEqual([]);
  });
});
