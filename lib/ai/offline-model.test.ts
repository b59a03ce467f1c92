import { isStepCount, streamText } from "ai";
import { describe, expect, it } from "vitest";
import { createOfflineModel, findArithmetic, OFFLINE_LABEL, planReply, quoteLiterally } from "./offline-model";
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

  it("streams an echo token by token, without its label in the text (the UI shows the model's name)", async () => {
    const result = streamText({ model: createOfflineModel({ delayMs: 0 }), prompt: "Hello offline world" });
    const deltas: string[] = [];
    for await (const part of result.stream) if (part.type === "text-delta") deltas.push(part.text);
    expect(deltas.length).toBeGreaterThan(10);
    const text = deltas.join("");
    expect(text).not.toContain(OFFLINE_LABEL);
    expect(text).toContain("“Hello offline world”");
  });

  it("says what it can read of attached files even when the question sounds like a tool request", () => {
    const file = (name: string, body: string) => ({
      type: "text" as const,
      text: `<attachment name="${name}" type="text/plain" size="${body.length}">\n${body}\n</attachment>`,
    });
    const reply = planReply({
      prompt: [
        {
          role: "user",
          content: [
            file("a.txt", "Meeting on Tuesday"),
            file("b.txt", "Budget 12 * 7"),
            file("c.txt", "Notes"),
            { type: "text", text: "What date and time do these files mention? What is 12 * 7?" },
          ],
        },
      ],
      tools,
    });
    expect(reply.kind).toBe("text");
    if (reply.kind !== "text") return;
    for (const name of ["a.txt", "b.txt", "c.txt"]) expect(reply.text).toContain(name);
    expect(reply.text).toContain("Meeting on Tuesday");
  });

  it("answers with math and diagrams when asked, so the renderer can be seen end to end", () => {
    expect(ask("Show me some math")).toMatchObject({ kind: "text", text: expect.stringContaining("$$\nx = \\frac") });
    expect(ask("Draw a diagram")).toMatchObject({
      kind: "text",
      text: expect.stringContaining("```mermaid\nflowchart LR"),
    });
    expect(ask("Draw a broken diagram")).toMatchObject({ kind: "text", text: expect.stringContaining("--> -->") });
  });

  it("answers the empty chat's suggestions in kind: real code, a table, a long story", () => {
    const code = ask("Show a TypeScript function that sums an array");
    expect(code).toMatchObject({ kind: "text", text: expect.stringMatching(/```ts\n[\s\S]*reduce[\s\S]*\n```/) });
    const table = ask("Make a table of the planets");
    expect(table).toMatchObject({ kind: "text", text: expect.stringContaining("| Planet |") });
    const story = ask("Tell me a long story");
    if (story.kind !== "text") throw new Error("expected text");
    expect(story.text.split("\n\n").length).toBeGreaterThanOrEqual(6);
    expect(story.text.split(/\s+/).length).toBeGreaterThan(300);
  });

  it("echoes a message that holds Markdown or HTML even when it mentions code or a script", () => {
    const fenced = ask("Code:\n\n```python\nprint('hi')\n```");
    expect(fenced).toMatchObject({ kind: "text", text: expect.stringContaining("print('hi')") });
    const html = ask("<script>alert(1)</script> a script");
    expect(html).toMatchObject({ kind: "text", text: expect.stringContaining("You said:") });
  });

  it("quotes the person's Markdown literally: an unclosed fence cannot swallow the rest of the reply", () => {
    const question = "Look:\n```js\nconst a = 1;\n~~~ and ````` too";
    const reply = ask(question);
    if (reply.kind !== "text") throw new Error("expected text");
    const fence = "``````";
    expect(reply.text).toContain(`${fence}text\n${question}\n${fence}`);
    // The closing fence is on its own line before the rest of the answer, so the answer renders as text.
    const after = reply.text.split(`\n${fence}\n`)[1] ?? "";
    expect(after).toMatch(/^\nThat is \d+ words/);
    expect(quoteLiterally("no backticks")).toBe("```text\nno backticks\n```");
  });

  it("escapes Markdown in a one-line question so it is shown, not rendered", () => {
    const reply = ask("make **this** a [link](https://example.com) `now`");
    if (reply.kind !== "text") throw new Error("expected text");
    expect(reply.text).toContain("“make \\*\\*this\\*\\* a \\[link\\]\\(https://example\\.com\\) \\`now\\`”");
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

describe("tools from other servers", () => {
  const echo = {
    type: "function" as const,
    name: "Demo__echo",
    description: "Says the text back.",
    inputSchema: { type: "object" as const, properties: { text: { type: "string" as const } } },
  };
  const plan = (text: string) =>
    planReply({ prompt: [{ role: "user", content: [{ type: "text", text }] }], tools: [echo] });

  it("calls an offered tool named after 'use', with the rest as its first text argument", () => {
    expect(plan("use echo: hello there")).toEqual({
      kind: "tool",
      toolName: "Demo__echo",
      input: { text: "hello there" },
    });
    expect(plan("use sum: 1 2")).toMatchObject({ kind: "text" });
  });

  it("says a denied call was not run", () => {
    const reply = planReply({
      prompt: [
        { role: "user", content: [{ type: "text", text: "use echo: no" }] },
        {
          role: "tool",
          content: [
            { type: "tool-result", toolCallId: "c1", toolName: "Demo__echo", output: { type: "execution-denied" } },
          ],
        },
      ],
      tools: [echo],
    });
    expect(reply).toEqual({ kind: "text", text: "I did not run the Demo__echo tool: you denied it." });
  });
});
