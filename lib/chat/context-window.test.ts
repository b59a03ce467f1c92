import type { ModelMessage } from "ai";
import { describe, expect, it } from "vitest";
import { fitToContext } from "./context-window";

const turn = (i: number, chars: number): ModelMessage[] => [
  { role: "user", content: `q${i} ${"x".repeat(chars)}` },
  { role: "assistant", content: [{ type: "text", text: `a${i} ${"y".repeat(chars)}` }] },
];

describe("fitting a conversation to a context window", () => {
  it("keeps everything when the window is unknown or large enough", () => {
    const messages = [...turn(1, 100), { role: "user", content: "now" } as ModelMessage];
    expect(fitToContext(messages, null)).toEqual({ messages, dropped: 0 });
    expect(fitToContext(messages, 128_000)).toEqual({ messages, dropped: 0 });
  });

  it("drops whole turns, oldest first, and starts with the person's message", () => {
    // 10 turns of about 2 × 1,000 tokens; an 8,192 window leaves 6,144 for history: three turns.
    const messages = [
      ...Array.from({ length: 10 }, (_, i) => turn(i, 4000)).flat(),
      { role: "user", content: "now" } as ModelMessage,
    ];
    const { messages: kept, dropped } = fitToContext(messages, 8192);
    expect(dropped).toBe(14);
    expect(kept[0]).toMatchObject({ role: "user", content: expect.stringMatching(/^q7 /) });
    expect(kept.at(-1)).toMatchObject({ content: "now" });
  });

  it("always keeps the last message, even alone too long", () => {
    const messages = [...turn(1, 10), { role: "user", content: "z".repeat(100_000) } as ModelMessage];
    const { messages: kept } = fitToContext(messages, 4096);
    expect(kept).toHaveLength(1);
    expect(kept[0]?.role).toBe("user");
  });

  it("counts the instructions against the window", () => {
    const messages = [...turn(1, 2000), { role: "user", content: "now" } as ModelMessage];
    expect(fitToContext(messages, 4096).dropped).toBe(0);
    expect(fitToContext(messages, 4096, "i".repeat(10_000)).dropped).toBe(2);
  });
});
