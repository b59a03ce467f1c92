import { describe, expect, it } from "vitest";
import { usageByDay, usageByModel, usageByUser, usageTotal } from "./usage-summary";

const now = new Date("2026-11-27T12:00:00Z");
const rows = [
  {
    day: "2026-11-27",
    modelId: "a",
    messages: 2,
    inputTokens: 10,
    outputTokens: 5,
    user: { id: "1", username: "ann" },
  },
  {
    day: "2026-11-27",
    modelId: "b",
    messages: 1,
    inputTokens: 100,
    outputTokens: 50,
    user: { id: "2", username: "bob" },
  },
  { day: "2026-11-25", modelId: "a", messages: 1, inputTokens: 1, outputTokens: 1, user: { id: "1", username: "ann" } },
  { day: "2026-11-01", modelId: "a", messages: 9, inputTokens: 9, outputTokens: 9, user: { id: "1", username: "ann" } },
];

describe("usage summaries", () => {
  it("fills every day of the period, oldest first, and leaves out days before it", () => {
    const days = usageByDay(rows, 3, now);
    expect(days).toEqual([
      { day: "2026-11-25", messages: 1, inputTokens: 1, outputTokens: 1 },
      { day: "2026-11-26", messages: 0, inputTokens: 0, outputTokens: 0 },
      { day: "2026-11-27", messages: 3, inputTokens: 110, outputTokens: 55 },
    ]);
  });

  it("groups by model and by person, most tokens first", () => {
    const recent = rows.slice(0, 3);
    expect(usageByModel(recent, (id) => `Model ${id}`).map((g) => [g.label, g.messages, g.inputTokens])).toEqual([
      ["Model b", 1, 100],
      ["Model a", 3, 11],
    ]);
    expect(usageByUser(recent).map((g) => [g.label, g.outputTokens])).toEqual([
      ["bob", 50],
      ["ann", 6],
    ]);
    expect(usageTotal(recent)).toEqual({ messages: 4, inputTokens: 111, outputTokens: 56 });
  });
});
