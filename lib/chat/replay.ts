import type { ProviderMetadata, UIMessageChunk } from "ai";
import type { Message, MessagePart } from "../db/messages";
import { SOURCES_PART } from "../projects/sources";
import { CONTEXT_TRIMMED_PART } from "./context-window";
import type { ReplyMetadata } from "./types";

/** A stored reply as a UI message stream (for a duplicate post that arrives after the reply is stored). */
export function replayChunks(message: Message, metadata: ReplyMetadata): UIMessageChunk[] {
  const chunks: UIMessageChunk[] = [{ type: "start", messageId: message.id, messageMetadata: metadata }];
  const parts = (Array.isArray(message.parts) ? message.parts : []) as MessagePart[];
  parts.forEach((part, index) => {
    const id = `r${index}`;
    if (part.type === "text" && typeof part.text === "string") {
      chunks.push({ type: "text-start", id }, { type: "text-delta", id, delta: part.text }, { type: "text-end", id });
    } else if (part.type === "reasoning" && typeof part.text === "string") {
      chunks.push(
        { type: "reasoning-start", id },
        { type: "reasoning-delta", id, delta: part.text },
        {
          type: "reasoning-end",
          id,
          ...(part.providerMetadata ? { providerMetadata: part.providerMetadata as ProviderMetadata } : {}),
        },
      );
    } else if (part.type === CONTEXT_TRIMMED_PART || part.type === SOURCES_PART) {
      chunks.push({ type: part.type, data: part.data });
    } else if (part.type === "step-start") {
      chunks.push({ type: "start-step" });
    } else if (part.type.startsWith("tool-") && typeof part.toolCallId === "string") {
      const toolCallId = part.toolCallId;
      chunks.push({ type: "tool-input-available", toolCallId, toolName: part.type.slice(5), input: part.input });
      if (part.state === "output-available")
        chunks.push({ type: "tool-output-available", toolCallId, output: part.output });
      else if (part.state === "output-error") {
        chunks.push({ type: "tool-output-error", toolCallId, errorText: String(part.errorText ?? "Tool failed") });
      }
    }
  });
  chunks.push(...endingChunks(message, metadata));
  return chunks;
}

/** How a stream of this stored reply ends: an error event when it failed, `abort` when stopped, then `finish`. */
export function endingChunks(message: Pick<Message, "error">, metadata: ReplyMetadata): UIMessageChunk[] {
  const chunks: UIMessageChunk[] = [];
  if (metadata.status === "error") chunks.push({ type: "error", errorText: message.error ?? "The reply failed." });
  else if (metadata.status === "aborted") chunks.push({ type: "abort" });
  chunks.push({ type: "finish", messageMetadata: metadata });
  return chunks;
}

export function streamOf(chunks: UIMessageChunk[]): ReadableStream<UIMessageChunk> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}
