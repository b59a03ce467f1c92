import "server-only";
import type { UIMessageChunk } from "ai";
import { requireConversation } from "../db/conversations";
import { getMessage, getStreamingMessage, updateAssistantMessage } from "../db/messages";
import { AppError } from "../errors";
import { openReply, settledMessage } from "./locator";
import { localGeneration, localGenerationFor, requestStop } from "./registry";

const STOP_WAIT_MS = 3_000;

/**
 * The in-progress reply of a conversation as a UI message stream replayed from its start, or null when
 * nothing is streaming. Works across instances through Redis when REDIS_URL is set; a reply whose producer
 * died ends with its error instead of hanging.
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
  if (running) return { messageId: running.id, stream: running.subscribe() };
  const message = await getStreamingMessage({ conversationId, userId });
  if (!message) return null;
  const reply = await openReply(message, userId);
  return { messageId: message.id, stream: reply.stream };
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
  const running = messageId ? localGeneration(messageId) : localGenerationFor(conversationId, userId);
  if (running?.conversationId === conversationId && running.userId === userId) {
    running.stop();
    await running.done;
    return finalStatus(running.id, userId);
  }
  const message = messageId
    ? await getMessage({ id: messageId, userId })
    : await getStreamingMessage({ conversationId, userId });
  if (messageId && (!message || message.conversationId !== conversationId)) throw new AppError("not_found:message");
  if (!message) return null;
  if (message.status !== "streaming") return { messageId: message.id, status: message.status };
  await requestStop(message.id);
  if (!(await settledMessage(message.id, userId, STOP_WAIT_MS))) {
    // Nobody answered (the generating instance is gone): keep the last saved partial text as stopped.
    await updateAssistantMessage({ id: message.id, userId, onlyIfStreaming: true, update: { status: "aborted" } });
  }
  return finalStatus(message.id, userId);
}

async function finalStatus(messageId: string, userId: string) {
  const final = await getMessage({ id: messageId, userId });
  return { messageId, status: final?.status ?? "aborted" };
}
