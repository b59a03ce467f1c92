import type { ProviderMetadata, UIMessageChunk } from "ai";
import type { Message, MessagePart } from "../db/messages";
import { SOURCES_PART } from "../projects/sources";
import { CONTEXT_TRIMMED_PART } from "./context-window";
import type { ReplyMetadata } from "./types";

/** A stored reply as a UI message stream (for a duplicate post that arrives after the reply is stored). */
export function replayChunks(message: Message, metadata: ReplyMetadata): UIMessageChunk[] {
  const chunks: UIMessageChunk[] = [{ type: "start", messageId: message.id, messageMetadata: metadata }];
  partsOf(message).forEach((part, index) => {
    chunks.push(...partChunks(part, `r${index}`));
  });
  chunks.push(...endingChunks(message, metadata));
  return chunks;
}

function partsOf(message: Pick<Message, "parts">): MessagePart[] {
  return (Array.isArray(message.parts) ? message.parts : []) as MessagePart[];
}

/** One stored part as the chunks that stream it whole. */
function partChunks(part: MessagePart, id: string): UIMessageChunk[] {
  if (part.type === "text" && typeof part.text === "string") {
    return [
      { type: "text-start", id },
      { type: "text-delta", id, delta: part.text },
      { type: "text-end", id },
    ];
  }
  if (part.type === "reasoning" && typeof part.text === "string") {
    return [{ type: "reasoning-start", id }, { type: "reasoning-delta", id, delta: part.text }, reasoningEnd(part, id)];
  }
  if (part.type === CONTEXT_TRIMMED_PART || part.type === SOURCES_PART) return [{ type: part.type, data: part.data }];
  if (part.type === "step-start") return [{ type: "start-step" }];
  if (part.type.startsWith("tool-") && typeof part.toolCallId === "string") {
    const toolCallId = part.toolCallId;
    return [
      { type: "tool-input-available", toolCallId, toolName: part.type.slice(5), input: part.input },
      ...approvalChunks(part, toolCallId),
      ...toolOutcome(part, toolCallId),
    ];
  }
  return [];
}

function reasoningEnd(part: MessagePart, id: string): UIMessageChunk {
  return {
    type: "reasoning-end",
    id,
    ...(part.providerMetadata ? { providerMetadata: part.providerMetadata as ProviderMetadata } : {}),
  };
}

function toolOutcome(part: MessagePart, toolCallId: string): UIMessageChunk[] {
  if (part.state === "output-available") return [{ type: "tool-output-available", toolCallId, output: part.output }];
  if (part.state === "output-error") {
    return [{ type: "tool-output-error", toolCallId, errorText: String(part.errorText ?? "Tool failed") }];
  }
  if (part.state === "output-denied") return [{ type: "tool-output-denied", toolCallId }];
  return [];
}

type SentPart =
  | { kind: "text" | "reasoning"; id: string; text: string; ended: boolean }
  | { kind: "tool"; toolCallId: string; settled: boolean }
  | { kind: "data"; type: string };

/**
 * What one reader has been sent of a live reply, so that when its live source goes away (Redis died) the
 * stored reply can finish it: the rest of the open text, the parts it never saw, and the stored ending.
 */
export class SentChunks {
  private readonly parts: SentPart[] = [];
  private started = false;
  finished = false;

  add(chunk: UIMessageChunk): void {
    if (chunk.type === "start") this.started = true;
    else if (chunk.type === "finish") this.finished = true;
    else if (chunk.type === "text-start" || chunk.type === "reasoning-start") {
      this.parts.push({
        kind: chunk.type === "text-start" ? "text" : "reasoning",
        id: chunk.id,
        text: "",
        ended: false,
      });
    } else if (chunk.type === "text-delta" || chunk.type === "reasoning-delta") {
      const part = this.textPart(chunk.id);
      if (part) part.text += chunk.delta;
    } else if (chunk.type === "text-end" || chunk.type === "reasoning-end") {
      const part = this.textPart(chunk.id);
      if (part) part.ended = true;
    } else if (chunk.type === "tool-input-start" || chunk.type === "tool-input-available") {
      if (!this.toolPart(chunk.toolCallId))
        this.parts.push({ kind: "tool", toolCallId: chunk.toolCallId, settled: false });
    } else if (chunk.type === "tool-output-available" || chunk.type === "tool-output-error") {
      const part = this.toolPart(chunk.toolCallId);
      if (part) part.settled = true;
    } else if (chunk.type.startsWith("data-") && !("transient" in chunk && chunk.transient)) {
      this.parts.push({ kind: "data", type: chunk.type });
    }
  }

  /**
   * The chunks that take this reader from what it was sent to the stored reply, ending it as stored; null when
   * what it was sent is not a beginning of the stored reply (nothing can be added that the reader would trust).
   */
  restFrom(message: Message, metadata: ReplyMetadata): UIMessageChunk[] | null {
    if (!this.started) return replayChunks(message, metadata);
    const stored = partsOf(message);
    const chunks: UIMessageChunk[] = [];
    let next = 0;
    for (const sent of this.parts) {
      while (stored[next]?.type === "step-start") next++;
      const part = stored[next];
      if (!part) return null;
      const rest = restOfPart(sent, part);
      if (!rest) return null;
      chunks.push(...rest);
      next++;
    }
    stored.slice(next).forEach((part, index) => {
      chunks.push(...partChunks(part, `c${next + index}`));
    });
    return [...chunks, ...endingChunks(message, metadata)];
  }

  private textPart(id: string) {
    return this.parts.find((p): p is Extract<SentPart, { id: string }> => "id" in p && p.id === id);
  }

  private toolPart(toolCallId: string) {
    return this.parts.find(
      (p): p is Extract<SentPart, { kind: "tool" }> => p.kind === "tool" && p.toolCallId === toolCallId,
    );
  }
}

/** What finishes a part the reader was sent, from the stored part at the same place; null if they differ. */
function restOfPart(sent: SentPart, part: MessagePart): UIMessageChunk[] | null {
  if (sent.kind === "data") return part.type === sent.type ? [] : null;
  if (sent.kind === "tool") {
    if (!part.type.startsWith("tool-") || part.toolCallId !== sent.toolCallId) return null;
    return sent.settled ? [] : toolOutcome(part, sent.toolCallId);
  }
  if (part.type !== sent.kind || typeof part.text !== "string" || !part.text.startsWith(sent.text)) return null;
  const rest = part.text.slice(sent.text.length);
  if (sent.ended) return rest ? null : [];
  const { id } = sent;
  const delta: UIMessageChunk[] = rest
    ? [sent.kind === "text" ? { type: "text-delta", id, delta: rest } : { type: "reasoning-delta", id, delta: rest }]
    : [];
  return [...delta, sent.kind === "text" ? { type: "text-end", id } : reasoningEnd(part, id)];
}

/** A call that asked the person first ("Ask before running"): the question, and their answer once given. */
function approvalChunks(part: MessagePart, toolCallId: string): UIMessageChunk[] {
  const approval = part.approval as { id?: unknown; approved?: unknown; reason?: unknown } | undefined;
  if (typeof approval?.id !== "string") return [];
  const chunks: UIMessageChunk[] = [{ type: "tool-approval-request", approvalId: approval.id, toolCallId }];
  if (typeof approval.approved === "boolean") {
    chunks.push({
      type: "tool-approval-response",
      approvalId: approval.id,
      approved: approval.approved,
      ...(typeof approval.reason === "string" ? { reason: approval.reason } : {}),
    });
  }
  return chunks;
}

/** How a stream of this stored reply ends: an error event when it failed, `abort` when stopped, then `finish`. */
function endingChunks(message: Pick<Message, "error">, metadata: ReplyMetadata): UIMessageChunk[] {
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
