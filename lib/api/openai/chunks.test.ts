import type { TextStreamPart, ToolSet } from "ai";
import { expect, test } from "vitest";
import { chunkTranslator } from "./chunks";

// The AI SDK's stream parts as OpenAI's chunks: what the `openai` SDKs (and editors) read from a stream.

function run(parts: TextStreamPart<ToolSet>[]) {
  const translator = chunkTranslator({
    id: "chatcmpl-1",
    created: 1,
    modelId: "m",
    describeError: () => ({ message: "The model failed to answer.", code: "unavailable:model" }),
  });
  const events = parts
    .map(translator.translate)
    .filter((event): event is string => event !== null)
    .map((event) => JSON.parse(event.replace(/^data: /, "")));
  return { events, ...translator };
}

const usage = { inputTokens: 3, outputTokens: 5, totalTokens: 8 } as never;

test("reasoning comes back as reasoning_content, then the text, then the finish reason", () => {
  const { events, done, state } = run([
    { type: "reasoning-delta", id: "r", text: "Think" },
    { type: "reasoning-delta", id: "r", text: "ing." },
    { type: "text-delta", id: "t", text: "Answer" },
    { type: "finish", finishReason: "stop", rawFinishReason: "stop", totalUsage: usage },
  ]);
  expect(events.map((e) => e.choices[0].delta)).toEqual([
    { reasoning_content: "Think" },
    { reasoning_content: "ing." },
    { content: "Answer" },
    {},
  ]);
  expect(events.at(-1).choices[0].finish_reason).toBe("stop");
  expect(events.every((e) => e.object === "chat.completion.chunk" && e.id === "chatcmpl-1")).toBe(true);
  expect(done).toMatchObject({ text: "Answer", reasoning: "Thinking." });
  expect(state.finished).toBe(true);
});

test("streamed tool calls: id and name first, then the arguments as deltas, each call with its index", () => {
  const { events, done } = run([
    { type: "tool-input-start", id: "call_a", toolName: "search" },
    { type: "tool-input-delta", id: "call_a", delta: '{"q":' },
    { type: "tool-input-delta", id: "call_a", delta: '"x"}' },
    { type: "tool-call", toolCallId: "call_a", toolName: "search", input: { q: "x" } } as never,
    // A provider that sends a whole call at once.
    { type: "tool-call", toolCallId: "call_b", toolName: "open", input: { url: "u" } } as never,
    { type: "finish", finishReason: "tool-calls", rawFinishReason: "tool_calls", totalUsage: usage },
  ]);
  expect(events.map((e) => e.choices[0].delta.tool_calls?.[0])).toEqual([
    { index: 0, id: "call_a", type: "function", function: { name: "search", arguments: "" } },
    { index: 0, function: { arguments: '{"q":' } },
    { index: 0, function: { arguments: '"x"}' } },
    { index: 1, id: "call_b", type: "function", function: { name: "open", arguments: '{"url":"u"}' } },
    undefined,
  ]);
  expect(events.at(-1).choices[0].finish_reason).toBe("tool_calls");
  expect(done.toolCalls).toEqual([
    { id: "call_a", name: "search", arguments: '{"q":"x"}' },
    { id: "call_b", name: "open", arguments: '{"url":"u"}' },
  ]);
});

test("a model error mid-stream is an error event the openai SDK raises", () => {
  const { events } = run([
    { type: "text-delta", id: "t", text: "Par" },
    { type: "error", error: new Error("socket hang up") },
  ]);
  expect(events.at(-1)).toEqual({
    error: { message: "The model failed to answer.", type: "server_error", param: null, code: "unavailable:model" },
  });
});
