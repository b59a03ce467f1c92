import type { ModelMessage } from "ai";
import { AppError } from "../../errors";
import type { ChatMessage } from "./schemas";

type TextContent = string | { type: "text"; text: string }[];

function textOf(content: TextContent | null | undefined): string {
  if (content == null) return "";
  return typeof content === "string" ? content : content.map((part) => part.text).join("");
}

/** Tool call arguments as the model wrote them: JSON when they parse, else the raw text (a model's slip). */
export function parseArguments(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const DATA_URL = /^data:(image\/[\w.+-]+);base64,(.*)$/is;

function imagePart(url: string, index: number) {
  const data = DATA_URL.exec(url);
  if (data) return { type: "file" as const, data: data[2] ?? "", mediaType: data[1]?.toLowerCase() ?? "image" };
  try {
    return { type: "file" as const, data: new URL(url), mediaType: "image" };
  } catch {
    throw new AppError("validation", {
      message: `messages.${index}: an image URL is not a valid URL.`,
      fields: [{ field: `messages.${index}.content`, message: "Not a valid URL." }],
    });
  }
}

/** OpenAI's chat messages as the AI SDK's model messages (system messages stay where the client put them). */
export function toModelMessages(messages: ChatMessage[]): ModelMessage[] {
  const toolNames = new Map<string, string>();
  return messages.map((message, index): ModelMessage => {
    switch (message.role) {
      case "system":
      case "developer":
        return { role: "system", content: textOf(message.content) };
      case "user":
        if (typeof message.content === "string") return { role: "user", content: message.content };
        return {
          role: "user",
          content: message.content.map((part) =>
            part.type === "text" ? { type: "text" as const, text: part.text } : imagePart(part.image_url.url, index),
          ),
        };
      case "assistant": {
        const text = textOf(message.content);
        const calls = (message.tool_calls ?? []).map((call) => {
          toolNames.set(call.id, call.function.name);
          return {
            type: "tool-call" as const,
            toolCallId: call.id,
            toolName: call.function.name,
            input: parseArguments(call.function.arguments),
          };
        });
        return { role: "assistant", content: [...(text ? [{ type: "text" as const, text }] : []), ...calls] };
      }
      default:
        return {
          role: "tool",
          content: [
            {
              type: "tool-result",
              toolCallId: message.tool_call_id,
              toolName: toolNames.get(message.tool_call_id) ?? "tool",
              output: { type: "text", value: textOf(message.content) },
            },
          ],
        };
    }
  });
}

export { textOf };
