import "server-only";
import type { UIMessageChunk } from "ai";
import { requireConversation } from "../db/conversations";
import { getMessage, getStreamingMessage, updateAssistantMessage } from "../db/messages";
import { AppError } from "../errors";
import { sseToChunks } from "./generate";
import { localGeneration, localGenerationFor, requestStop } from "./registry";
import { resumeFromRedis } from "./resumable";

/** A reply that has not been saved for this long is no longer being written by anyone (its instance died). */
const STALE_AFTER_MS = 60_000;
const STOP_WAIT_MS = 3_000;

/**
 * The in-progress reply of a conversation as a UI message stream replayed from its start, or null when
 * nothing is streaming. Works across instances through Redis when REDIS_URL is set.
 */
export async function resumeReply({
  conversationId,
  userId,
}: {
  conversationId: string;
  userId: string;
}): Promise<{ messageId: string; stream: ReadableStream<UIMessageChunk> } | null> {
  await requireConversation({ id: conversationId, userId });
  const running = localGenerationFor(conversationId, userId);
  if (running) return { messageId: running.messageId, stream: running.hub.subscribe() };
  const message = await getStreamingMessage({ conversationId, userId });
  if (!message) return null;
  const local = localGeneration(message.id);
  if (local) return { messageId: message.id, stream: local.hub.subscribe() };
  const remote = await resumeFromRedis(message.id);
  if (remote) return { messageId: message.id, stream: remote.pipeThrough(sseToChunks()) };
  await failIfStale(message.id, userId, message.updatedAt);
  return null;
}

async function failIfStale(messageId: string, userId: string, updatedAt: Date): Promise<void> {
  if (Date.now() - updatedAt.getTime() < STALE_AFTER_MS) return;
  await updateAssistantMessage({
    id: messageId,
    userId,
    onlyIfStreaming: true,
    update: { status: "error", error: "The reply was interrupted (the server restarted). Retry it." },
  });
}

/**
 * Stops the conversation's in-progress reply wherever it runs; the partial reply is stored as `aborted`.
 * Returns the stopped message id, or null when nothing was streaming.
 */
export async function stopReply({
  conversationId,
  userId,
  messageId,
}: {
  conversationId: string;
  userId: string;
  messageId?: string | null;
}): Promise<{ messageId: string; status: string } | null> {
  await requireConversation({ id: conversationId, userId });
  const running = messageId ? undefined : localGenerationFor(conversationId, userId);
  if (running) {
    await requestStop(running.messageId);
    await running.done;
    const final = await getMessage({ id: running.messageId, userId });
    return { messageId: running.messageId, status: final?.status ?? "aborted" };
  }
  const message = messageId
    ? await getMessage({ id: messageId, userId })
    : await getStreamingMessage({ conversationId, userId });
  if (messageId && (!message || message.conversationId !== conversationId)) throw new AppError("not_found:message");
  if (!message) return null;
  if (message.status !== "streaming") return { messageId: message.id, status: message.status };

  const local = localGeneration(message.id);
  await requestStop(message.id);
  if (local) {
    await local.done;
  } else {
    const deadline = Date.now() + STOP_WAIT_MS;
    while (Date.now() < deadline) {
      const current = await getMessage({ id: message.id, userId });
      if (current?.status !== "streaming") break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // Nobody answered (the generating instance is gone): keep the last saved partial text as stopped.
    await updateAssistantMessage({ id: message.id, userId, onlyIfStreaming: true, update: { status: "aborted" } });
  }
  const final = await getMessage({ id: message.id, userId });
  return { messageId: message.id, status: final?.status ?? "aborted" };
}
