import type { FinishReason, LanguageModelUsage, TextStreamPart, ToolSet } from "ai";
import { isAppError } from "../../errors";
import { log } from "../../log";
import type { ChatCompletion } from "./schemas";

type Finish = ChatCompletion["choices"][number]["finish_reason"];

export function finishReason(reason: FinishReason | undefined): Finish {
  if (reason === "length") return "length";
  if (reason === "content-filter") return "content_filter";
  if (reason === "tool-calls") return "tool_calls";
  return "stop";
}

export interface Completed {
  text: string;
  reasoning: string;
  toolCalls: { id: string; name: string; arguments: string }[];
  usage: LanguageModelUsage | undefined;
}

/**
 * Turns the AI SDK's stream parts into OpenAI's `chat.completion.chunk` events (`data: …` lines), and keeps
 * what was said for the usage record and a kept conversation. Tool calls stream as `tool_calls` deltas: the
 * first with the call's id and name, then its arguments as they come.
 */
export function chunkTranslator({
  id,
  created,
  modelId,
  describeError,
}: {
  id: string;
  created: number;
  modelId: string;
  describeError: (error: unknown) => { message: string; code: string };
}) {
  const done: Completed = { text: "", reasoning: "", toolCalls: [], usage: undefined };
  const chunk = (delta: Record<string, unknown>, reason: Finish | null = null) =>
    `data: ${JSON.stringify({
      id,
      object: "chat.completion.chunk",
      created,
      model: modelId,
      system_fingerprint: null,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: reason }],
    })}\n\n`;
  const calls = new Map<string, { index: number; name: string; arguments: string }>();
  const state = { finished: false };

  const translate = (part: TextStreamPart<ToolSet>): string | null => {
    switch (part.type) {
      case "text-delta":
        if (!part.text) return null;
        done.text += part.text;
        return chunk({ content: part.text });
      case "reasoning-delta":
        if (!part.text) return null;
        done.reasoning += part.text;
        return chunk({ reasoning_content: part.text });
      case "tool-input-start": {
        const call = { index: calls.size, name: part.toolName, arguments: "" };
        calls.set(part.id, call);
        return chunk({
          tool_calls: [
            { index: call.index, id: part.id, type: "function", function: { name: part.toolName, arguments: "" } },
          ],
        });
      }
      case "tool-input-delta": {
        const call = calls.get(part.id);
        if (!call || !part.delta) return null;
        call.arguments += part.delta;
        return chunk({ tool_calls: [{ index: call.index, function: { arguments: part.delta } }] });
      }
      case "tool-call": {
        const text = typeof part.input === "string" ? part.input : JSON.stringify(part.input ?? {});
        const known = calls.get(part.toolCallId);
        done.toolCalls.push({ id: part.toolCallId, name: part.toolName, arguments: known?.arguments || text });
        if (known?.arguments) return null;
        if (known) {
          known.arguments = text;
          return chunk({ tool_calls: [{ index: known.index, function: { arguments: text } }] });
        }
        const index = calls.size;
        calls.set(part.toolCallId, { index, name: part.toolName, arguments: text });
        return chunk({
          tool_calls: [
            { index, id: part.toolCallId, type: "function", function: { name: part.toolName, arguments: text } },
          ],
        });
      }
      case "finish":
        state.finished = true;
        done.usage = part.totalUsage;
        return chunk({}, finishReason(part.finishReason));
      case "error": {
        const error = describeError(part.error);
        if (!isAppError(part.error)) log.warn("openai.model_error", { error: part.error });
        return `data: ${JSON.stringify({ error: { message: error.message, type: "server_error", param: null, code: error.code } })}\n\n`;
      }
      default:
        return null;
    }
  };

  return { chunk, translate, done, state };
}
