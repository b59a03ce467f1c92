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

function tokenize(text: string): string[] {
  return text.match(/\s*\S+/g) ?? [text];
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
  const search =
    /\b(?:search|find|look up|lookup)\b(?:\s+(?:in|through))?\s+(?:my\s+)?(?:conversations?|chats?|history)\b(?:\s+(?:for|about))?\s*(.*)$/i.exec(
      question,
    );
  if (search && toolNames.has("searchConversations")) {
    const query = (search[1] ?? "").replace(/[?.!"'“”]+/g, " ").trim() || question;
    return { kind: "tool", toolName: "searchConversations", input: { query: query.slice(0, 200) } };
  }
  if (/\b(?:time|date|today|what day)\b/i.test(question) && toolNames.has("datetime")) {
    return { kind: "tool", toolName: "datetime", input: {} };
  }
  return { kind: "text", text: echo(question, prompt) };
}

/** An arithmetic expression inside the question, e.g. "what is (2 + 3) * 4?" → "(2 + 3) * 4". */
export function findArithmetic(question: string): string | null {
  const match = /[-(]*\d+(?:\.\d+)?\)*(?:\s*(?:\*\*|[-+*/%^×÷])\s*[-(]*\d+(?:\.\d+)?\)*)+/.exec(question);
  return match ? match[0].trim() : null;
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
