import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Prompt,
  LanguageModelV4StreamPart,
  LanguageModelV4Usage,
} from "@ai-sdk/provider";
import { describeAttachments, isAttachmentText } from "./offline-attachments";

export const OFFLINE_MODEL_ID = "offline";
export const OFFLINE_LABEL = "Offline model";
/** Shown where models are chosen or managed, not in the picker's label. */
export const OFFLINE_HINT =
  "A built-in stand-in that needs no server: add a connection in Admin → Models (or set OPENAI_BASE_URL) for real replies.";

type Plan = { kind: "text"; text: string } | { kind: "tool"; toolName: string; input: Record<string, unknown> };

/**
 * A deterministic model that needs no network: it echoes the prompt token by token (the UI labels the reply
 * with the model's name), writes code, a table or a long story when asked, and calls the built-in tools when
 * the prompt asks for arithmetic, the date or time, or a search of past conversations.
 */
export function createOfflineModel({ delayMs = 15 }: { delayMs?: number } = {}): LanguageModelV4 {
  return {
    specificationVersion: "v4",
    provider: "parley",
    modelId: OFFLINE_MODEL_ID,
    supportedUrls: {},
    async doGenerate(options) {
      const plan = planReply(options);
      const usage = usageOf(options.prompt, plan);
      return {
        content:
          plan.kind === "text"
            ? [{ type: "text", text: plan.text }]
            : [
                {
                  type: "tool-call",
                  toolCallId: callId(options.prompt),
                  toolName: plan.toolName,
                  input: JSON.stringify(plan.input),
                },
              ],
        finishReason: { unified: plan.kind === "text" ? "stop" : "tool-calls", raw: undefined },
        usage,
        warnings: [],
      };
    },
    async doStream(options) {
      const plan = planReply(options);
      const usage = usageOf(options.prompt, plan);
      const signal = options.abortSignal;
      const parts: LanguageModelV4StreamPart[] = [{ type: "stream-start", warnings: [] }];
      if (plan.kind === "tool") {
        parts.push({
          type: "tool-call",
          toolCallId: callId(options.prompt),
          toolName: plan.toolName,
          input: JSON.stringify(plan.input),
        });
      } else {
        parts.push({ type: "text-start", id: "t0" });
        for (const token of tokenize(plan.text)) parts.push({ type: "text-delta", id: "t0", delta: token });
        parts.push({ type: "text-end", id: "t0" });
      }
      parts.push({
        type: "finish",
        usage,
        finishReason: { unified: plan.kind === "text" ? "stop" : "tool-calls", raw: undefined },
      });
      let index = 0;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const stream = new ReadableStream<LanguageModelV4StreamPart>({
        start(controller) {
          signal?.addEventListener(
            "abort",
            () => {
              clearTimeout(timer);
              try {
                controller.error(signal.reason ?? new DOMException("Aborted", "AbortError"));
              } catch {
                // already closed
              }
            },
            { once: true },
          );
        },
        async pull(controller) {
          if (signal?.aborted) return;
          const part = parts[index++];
          if (!part) {
            controller.close();
            return;
          }
          if (part.type === "text-delta" && delayMs > 0) {
            await new Promise<void>((resolve) => {
              timer = setTimeout(resolve, delayMs);
            });
            if (signal?.aborted) return;
          }
          controller.enqueue(part);
        },
      });
      return { stream };
    },
  };
}

/** Words with the whitespace before them; trailing whitespace is dropped. */
function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let previousEnd = 0;
  for (const word of text.matchAll(/\S+/g)) {
    const end = word.index + word[0].length;
    tokens.push(text.slice(previousEnd, end));
    previousEnd = end;
  }
  return tokens.length > 0 ? tokens : [text];
}

function callId(prompt: LanguageModelV4Prompt): string {
  return `offline-call-${prompt.length}`;
}

function usageOf(prompt: LanguageModelV4Prompt, plan: Plan): LanguageModelV4Usage {
  const input = tokenize(JSON.stringify(prompt)).length;
  const output = plan.kind === "text" ? tokenize(plan.text).length : 10;
  return {
    inputTokens: { total: input, noCache: input, cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: output, text: output, reasoning: undefined },
  };
}

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((part: { type?: string; text?: string }) =>
      part.type === "text" && !isAttachmentText(part.text ?? "") ? (part.text ?? "") : "",
    )
    .join("");
}

export function planReply(options: Pick<LanguageModelV4CallOptions, "prompt" | "tools">): Plan {
  const prompt = options.prompt;
  const last = prompt.at(-1);
  const toolNames = new Set((options.tools ?? []).map((t) => t.name));

  if (last?.role === "tool") return { kind: "text", text: answerFromToolResults(prompt) };

  const lastUser = [...prompt].reverse().find((m) => m.role === "user");
  const question = textOf(lastUser?.content).trim();
  const isTitleRequest = prompt.some((m) => m.role === "system" && /conversation title/i.test(textOf(m.content)));
  if (isTitleRequest) return { kind: "text", text: firstWords(question) };

  // Files come first: a question about them ("what date is in this?") is not a request for a tool.
  const attachments = lastUser?.role === "user" ? describeAttachments(lastUser.content) : null;
  if (attachments)
    return { kind: "text", text: question ? `${attachments}\n\n${echo(question, prompt)}` : attachments };
  const named = namedToolCall(question, options.tools ?? []);
  if (named) return named;
  const arithmetic = findArithmetic(question);
  if (arithmetic && toolNames.has("calculator")) {
    return { kind: "tool", toolName: "calculator", input: { expression: arithmetic } };
  }
  const words = question.replace(/\s+/g, " ");
  const search = SEARCH_REQUEST.exec(words);
  if (search && toolNames.has("searchConversations")) {
    const rest = words.slice(search.index + search[0].length);
    const query = rest.replace(/[?.!"'“”]+/g, " ").trim() || question;
    return { kind: "tool", toolName: "searchConversations", input: { query: query.slice(0, 200) } };
  }
  if (/\b(?:time|date|today|what day)\b/i.test(question) && toolNames.has("datetime")) {
    return { kind: "tool", toolName: "datetime", input: {} };
  }
  const canned = cannedReply(question);
  if (canned) return { kind: "text", text: canned };
  return { kind: "text", text: echo(question, prompt) };
}

/**
 * The empty chat's suggestions answered in kind, so a first visit shows what replies can look like. A message
 * that already holds Markdown or HTML is echoed instead: the person is trying out how text renders.
 */
function cannedReply(question: string): string | null {
  if (/[<`|*_#[\]]/.test(question)) return null;
  if (/\bstory\b/i.test(question)) return LONG_STORY;
  if (/\btable\b/i.test(question)) return PLANETS_TABLE;
  if (/\b(?:math|formulas?|equations?)\b/i.test(question)) return MATH_SAMPLE;
  if (/\bbroken diagram\b/i.test(question)) return BROKEN_DIAGRAM;
  if (/\b(?:diagram|flowchart|mermaid)\b/i.test(question)) return DIAGRAM;
  if (/\b(?:code|function|snippet|program|script)\b/i.test(question)) {
    return /\bpython\b/i.test(question) ? PYTHON_CODE : TYPESCRIPT_CODE;
  }
  return null;
}

const TYPESCRIPT_CODE = [
  "Here is a small TypeScript function that adds up an array of numbers:",
  "",
  "```ts",
  "export function sum(values: readonly number[]): number {",
  "  return values.reduce((total, value) => total + value, 0);",
  "}",
  "",
  "console.log(sum([1, 2, 3, 4])); // 10",
  "```",
  "",
  "`reduce` starts from `0`, so an empty array sums to `0` instead of throwing.",
].join("\n");

const PYTHON_CODE = [
  "Here is a small Python function that adds up a list of numbers:",
  "",
  "```python",
  "def total(values: list[float]) -> float:",
  "    result = 0.0",
  "    for value in values:",
  "        result += value",
  "    return result",
  "",
  "print(total([1, 2, 3, 4]))  # 10.0",
  "```",
  "",
  "Python's built-in `sum(values)` does the same in one call.",
].join("\n");

const MATH_SAMPLE = [
  "The quadratic formula solves $ax^2 + bx + c = 0$:",
  "",
  "$$",
  "x = \\frac{-b \\pm \\sqrt{b^2 - 4ac}}{2a}",
  "$$",
  "",
  "Euler's identity, \\(e^{i\\pi} + 1 = 0\\), links five constants, and the Gaussian integral is",
  "",
  "\\[",
  "\\int_{-\\infty}^{\\infty} e^{-x^2}\\,dx = \\sqrt{\\pi}",
  "\\]",
  "",
  "Prices stay prices: a coffee costs $5 and a sandwich $10.",
].join("\n");

const DIAGRAM = [
  "How a message travels through Parley:",
  "",
  "```mermaid",
  "flowchart LR",
  "  A[You type] --> B{Signed in?}",
  "  B -- yes --> C[Model streams a reply]",
  "  B -- no --> D[Login page]",
  "  C --> E[(Saved to history)]",
  "```",
  "",
  "Use **Source** above the diagram to see or copy its text.",
].join("\n");

const BROKEN_DIAGRAM = [
  "This diagram has a syntax error:",
  "",
  "```mermaid",
  "flowchart LR",
  "  A[Start] --> --> B(",
  "```",
].join("\n");

const PLANETS_TABLE = [
  "The eight planets, from the Sun outwards:",
  "",
  "| Planet | Distance from the Sun (AU) | Moons |",
  "| --- | ---: | ---: |",
  "| Mercury | 0.39 | 0 |",
  "| Venus | 0.72 | 0 |",
  "| Earth | 1.00 | 1 |",
  "| Mars | 1.52 | 2 |",
  "| Jupiter | 5.20 | 95 |",
  "| Saturn | 9.54 | 146 |",
  "| Uranus | 19.2 | 28 |",
  "| Neptune | 30.1 | 16 |",
].join("\n");

const LONG_STORY = [
  "## The lighthouse keeper's last winter",
  "",
  "Every evening for forty years, Maren climbed the hundred and twelve steps of the lighthouse on Skarv Point. She counted them out loud, not because she might forget, but because the counting had become a kind of conversation with the tower, and the tower, she was sure, listened.",
  "",
  "That winter the supply boat stopped coming in November. The harbour had frozen further out than anyone could remember, and the radio said only that the mainland was busy with its own troubles. Maren rationed the lamp oil, then the candles, then the coffee, which was the hardest of the three.",
  "",
  "In December a fishing boat lost its engine in a storm and drifted toward the rocks below the point. Maren saw its single light blinking out of rhythm with the sea. She turned the great lamp by hand, slowly, so the beam swept the water like a finger tracing a map, and the crew followed it into the one narrow channel where the rocks gave way to sand.",
  "",
  "There were four of them: a father, two sons and a cousin who talked without stopping. They stayed until the ice broke in March. The cousin learned to count the steps; the younger son learned to trim the wick; the father mended every hinge in the building and several that had never been broken.",
  "",
  "When the supply boat finally returned, it brought a letter: the lighthouse would be automated in the spring. Maren read it twice, folded it into her apron pocket and climbed the stairs, counting, to tell the tower herself.",
  "",
  "She left in May. The new lamp turns on its own now, perfectly regular, and the fishermen say it is a fine light. But on some winter nights, they swear, the beam slows down over the channel by the rocks, as if somebody up there is still pointing the way.",
  "",
  "*The end.* Press **Stop** while a long reply streams to keep only what has arrived so far.",
].join("\n");

// Matched against the question with whitespace collapsed; the text after it is the query (a pattern that
// captured it with `\s*(.*)$` backtracked quadratically).
const SEARCH_REQUEST =
  /\b(?:search|find|look ?up)(?: in| through)? (?:my )?(?:conversations?|chats?|history)\b(?: for| about)?/i;

/**
 * An arithmetic expression inside the question, e.g. "what is (2 + 3) * 4?" → "(2 + 3) * 4": the leftmost
 * `operand (operator operand)+` with operand = `[-(]* number )*`. A scanner, not a regular expression, so that
 * a long run of "-", "(" or digits is read once (the former pattern took seconds on 32,000 of them).
 */
export function findArithmetic(question: string): string | null {
  for (let i = 0; i < question.length; i++) {
    if (!isDigit(question[i]) || isDigit(question[i - 1])) continue;
    let start = i;
    while (start > 0 && isOperandPrefix(question[start - 1])) start--;
    let end = operandEnd(question, start);
    let operations = 0;
    for (;;) {
      let next = operatorEnd(question, end);
      if (next < 0) break;
      while (isSpace(question[next])) next++;
      next = operandEnd(question, next);
      if (next < 0) break;
      end = next;
      operations++;
    }
    if (operations > 0) return question.slice(start, end);
  }
  return null;
}

const OPERATORS = new Set(["-", "+", "*", "/", "%", "^", "×", "÷"]);
const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";
const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);
const isOperandPrefix = (c: string | undefined) => c === "-" || c === "(";

/** Where `[-(]* digits (.digits)? )*` starting at `i` ends, or -1. */
function operandEnd(text: string, i: number): number {
  let at = i;
  while (isOperandPrefix(text[at])) at++;
  if (!isDigit(text[at])) return -1;
  while (isDigit(text[at])) at++;
  if (text[at] === "." && isDigit(text[at + 1])) {
    at++;
    while (isDigit(text[at])) at++;
  }
  while (text[at] === ")") at++;
  return at;
}

/** Where `\s* operator` starting at `i` ends, or -1. */
function operatorEnd(text: string, i: number): number {
  let at = i;
  while (isSpace(text[at])) at++;
  if (text.startsWith("**", at)) return at + 2;
  return OPERATORS.has(text[at] ?? "") ? at + 1 : -1;
}

function firstWords(text: string): string {
  const words = text.replace(/\s+/g, " ").trim().split(" ").slice(0, 6).join(" ");
  return words.length > 60 ? `${words.slice(0, 57)}…` : words || "New chat";
}

function echo(question: string, prompt: LanguageModelV4Prompt): string {
  const turns = prompt.filter((m) => m.role === "user").length;
  const words = question ? question.split(/\s+/).length : 0;
  const quoted = question.length > 400 ? `${question.slice(0, 400)}…` : question;
  return [
    quoted ? quoteQuestion(quoted) : "You sent an empty message.",
    "",
    `That is ${words} word${words === 1 ? "" : "s"}; this is message ${turns} of this conversation.`,
    "I can also show the built-in tools: ask me to calculate 12 * 7, for the current time, or to search my conversations for a word.",
  ].join("\n");
}

/** One line is quoted inline with every Markdown character escaped; several lines go in a code fence. */
function quoteQuestion(text: string): string {
  if (!text.includes("\n")) return `You said: “${escapeMarkdown(text)}”`;
  return `You said:\n\n${quoteLiterally(text)}`;
}

export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()<>#+\-.!|~&]/g, (character) => `\\${character}`);
}

/**
 * The person's text shown as-is inside a code fence longer than any run of backticks in it, so their own
 * Markdown (an unclosed ``` included) can neither render nor swallow the rest of the reply.
 */
export function quoteLiterally(text: string): string {
  const longestRun = Math.max(0, ...Array.from(text.matchAll(/`+/g), (match) => match[0].length));
  const fence = "`".repeat(Math.max(3, longestRun + 1));
  return `${fence}text\n${text}\n${fence}`;
}

type OfferedTool = NonNullable<LanguageModelV4CallOptions["tools"]>[number];

/**
 * "use echo: hello" calls an offered tool named `echo` (or `<server>__echo`, as MCP tools are named) with the
 * rest of the message as its first text argument (or first number argument), or as its arguments when the rest
 * is a JSON object: how tests drive tools from other servers without a real model.
 */
function namedToolCall(question: string, tools: readonly OfferedTool[]): Plan | null {
  const match = /^(?:please\s+)?(?:use|call|run)\s+(?:the\s+)?([\w.-]+)(?:\s+tool)?\s*[:,]?\s*([\s\S]*)$/i.exec(
    question,
  );
  if (!match) return null;
  const wanted = (match[1] as string).toLowerCase();
  const rest = (match[2] as string).trim();
  const tool = tools.find((t) => t.name.toLowerCase() === wanted || t.name.toLowerCase().endsWith(`__${wanted}`));
  if (tool?.type !== "function") return null;
  if (rest.startsWith("{")) {
    try {
      return { kind: "tool", toolName: tool.name, input: JSON.parse(rest) as Record<string, unknown> };
    } catch {
      // Not JSON: read as text below.
    }
  }
  const properties = Object.entries(
    ((tool.inputSchema as { properties?: Record<string, { type?: unknown }> }).properties ?? {}) as Record<
      string,
      { type?: unknown }
    >,
  );
  const text = properties.find(([, p]) => p.type === "string")?.[0];
  const number = properties.find(([, p]) => p.type === "number" || p.type === "integer")?.[0];
  if (text) return { kind: "tool", toolName: tool.name, input: { [text]: rest } };
  if (number)
    return { kind: "tool", toolName: tool.name, input: { [number]: Number(/-?\d+(?:\.\d+)?/.exec(rest)?.[0] ?? 0) } };
  return { kind: "tool", toolName: tool.name, input: {} };
}

function answerFromToolResults(prompt: LanguageModelV4Prompt): string {
  const results: string[] = [];
  for (let i = prompt.length - 1; i >= 0 && prompt[i]?.role === "tool"; i--) {
    const message = prompt[i];
    if (message?.role !== "tool") break;
    for (const part of message.content) {
      if (part.type !== "tool-result") continue;
      results.unshift(describeToolResult(part.toolName, part.output));
    }
  }
  return results.join("\n");
}

function describeToolResult(toolName: string, output: { type: string; value?: unknown; reason?: string }): string {
  if (output.type === "error-text" || output.type === "error-json") {
    return `The ${toolName} tool failed: ${typeof output.value === "string" ? output.value : JSON.stringify(output.value)}`;
  }
  if (output.type === "execution-denied") {
    return `I did not run the ${toolName} tool: you denied it${output.reason ? ` (${output.reason})` : ""}.`;
  }
  if (typeof output.value === "string") return `The ${toolName} tool returned: ${output.value}`;
  const value = output.value as Record<string, unknown> | undefined;
  if (toolName === "calculator" && value) return `${String(value.expression)} = **${String(value.result)}**`;
  if (toolName === "datetime" && value) return `It is now ${String(value.formatted)}.`;
  if (toolName === "searchConversations" && value) {
    const found = (value.results as { title: string; url: string }[] | undefined) ?? [];
    if (found.length === 0) return `I found no conversations matching “${String(value.query)}”.`;
    return [
      `I found ${found.length} conversation${found.length === 1 ? "" : "s"} matching “${String(value.query)}”:`,
      ...found.map((c) => `- [${c.title}](${c.url})`),
    ].join("\n");
  }
  return `The ${toolName} tool returned: ${JSON.stringify(value ?? output)}`;
}
