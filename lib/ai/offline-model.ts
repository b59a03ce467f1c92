import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Prompt,
  LanguageModelV4StreamPart,
  LanguageModelV4Usage,
} from "@ai-sdk/provider";

export const OFFLINE_MODEL_ID = "offline";
export const OFFLINE_LABEL = "Offline model — connect a real model in .env";

type Plan = { kind: "text"; text: string } | { kind: "tool"; toolName: string; input: Record<string, unknown> };

/**
 * A deterministic model that needs no network: it echoes the prompt, labelled, token by token, and calls the
 * built-in tools when the prompt asks for arithmetic, the date or time, or a search of past conversations.
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
    .map((part: { type?: string; text?: string }) => (part.type === "text" ? (part.text ?? "") : ""))
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
  return { kind: "text", text: echo(question, prompt) };
}

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
    `**${OFFLINE_LABEL}.**`,
    "",
    quoted ? `You said: “${quoted}”` : "You sent an empty message.",
    "",
    `That is ${words} word${words === 1 ? "" : "s"}; this is message ${turns} of this conversation.`,
    "I can also show the built-in tools: ask me to calculate 12 * 7, for the current time, or to search my conversations for a word.",
  ].join("\n");
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
  return [`**${OFFLINE_LABEL}.**`, "", ...results].join("\n");
}

function describeToolResult(toolName: string, output: { type: string; value?: unknown; reason?: string }): string {
  if (output.type === "error-text" || output.type === "error-json") {
    return `The ${toolName} tool failed: ${typeof output.value === "string" ? output.value : JSON.stringify(output.value)}`;
  }
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
