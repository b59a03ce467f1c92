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
