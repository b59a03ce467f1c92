import { isStepCount, streamText } from "ai";
import { describe, expect, it } from "vitest";
import { createOfflineModel, findArithmetic, OFFLINE_LABEL, planReply } from "./offline-model";
import { calculatorTool } from "./tools/calculator";
import { datetimeTool } from "./tools/datetime";

const tools = [
  { type: "function" as const, name: "calculator", inputSchema: {} },
  { type: "function" as const, name: "datetime", inputSchema: {} },
  { type: "function" as const, name: "searchConversations", inputSchema: {} },
];
const ask = (text: string) => planReply({ prompt: [{ role: "user", content: [{ type: "text", text }] }], tools });

describe("offline model", () => {
  it("picks the tool a question asks for", () => {
    expect(ask("what is (12 + 3) * 2?")).toEqual({
      kind: "tool",
      toolName: "calculator",
      input: { expression: "(12 + 3) * 2" },
    });
    expect(ask("What time is it?")).toMatchObject({ kind: "tool", toolName: "datetime" });
    expect(ask("search my conversations for banana bread")).toEqual({
      kind: "tool",
      toolName: "searchConversations",
      input: { query: "banana bread" },
    });
    expect(ask("tell me a story")).toMatchObject({ kind: "text" });
    expect(findArithmetic("no numbers here")).toBeNull();
  });

  it("finds arithmetic in a long hostile message without blocking the event loop", () => {
    const hostileMessages = ["-", "(", "1 ", "1)", "9"].map((unit) => unit.repeat(32_000 / unit.length));
    for (const hostile of hostileMessages) ask(hostile.slice(0, 100)); // compile before timing
    for (const hostile of hostileMessages) {
      const started = performance.now();
      expect(findArithmetic(hostile)).toBeNull();
      expect(ask(hostile)).toMatchObject({ kind: "text" });
      // The former pattern took 1.7–3.8 s on each of these; linear scanning takes well under a millisecond unloaded.
      expect(performance.now() - started).toBeLessThan(750);
    }
  });

  it("finds the same expression as the former regular expression", () => {
    // The former pattern, kept here as the reference: it is correct but super-linear on long inputs.
    const reference = (q: string) =>
      /[-(]*\d+(?:\.\d+)?\)*(?:\s*(?:\*\*|[-+*/%^×÷])\s*[-(]*\d+(?:\.\d+)?\)*)+/.exec(q)?.[0].trim() ?? null;
    const alphabet = ["1", "2", ".", "-", "(", ")", " ", "+", "*", "×", "x", "\n"];
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    for (let i = 0; i < 5_000; i++) {
      const length = 1 + Math.floor(random() * 14);
      const q = Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
      expect(findArithmetic(q), JSON.stringify(q)).toBe(reference(q));
    }
    expect(findArithmetic("what is 2**10 and 3.5 × -(4)?")).toBe("2**10");
    expect(findArithmetic("costs 3.5 × -(4) each")).toBe("3.5 × -(4)");
  });

  it("streams a labelled echo token by token", async () => {
    const result = streamText({ model: createOfflineModel({ delayMs: 0 }), prompt: "Hello offline world" });
    const deltas: string[] = [];
    for await (const part of result.stream) if (part.type === "text-delta") deltas.push(part.text);
    expect(deltas.length).toBeGreaterThan(10);
    const text = deltas.join("");
    expect(text).toContain(OFFLINE_LABEL);
    expect(text).toContain("“Hello offline world”");
  });

  it("calls the calculator and answers with its result", async () => {
    const result = streamText({
      model: createOfflineModel({ delayMs: 0 }),
      prompt: "compute 6 * 7",
      tools: { calculator: calculatorTool, datetime: datetimeTool },
      stopWhen: isStepCount(3),
    });
    expect(await result.text).toContain("6 * 7 = **42**");
    const calls = (await result.steps).flatMap((step) => step.toolCalls.map((c) => c.toolName));
    expect(calls).toEqual(["calculator"]);
  });

  it("stops streaming when aborted", async () => {
    const controller = new AbortController();
    const result = streamText({
      model: createOfflineModel({ delayMs: 5 }),
      prompt: "a ".repeat(300),
      abortSignal: controller.signal,
    });
    let count = 0;
    let aborted = false;
    for await (const part of result.stream) {
      if (part.type === "text-delta" && ++count === 3) controller.abort();
      if (part.type === "abort") aborted = true;
    }
    expect(aborted).toBe(true);
    expect(count).toBeLessThan(10);
  });
});
