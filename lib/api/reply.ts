import "server-only";
import { randomUUID } from "node:crypto";
import { createUIMessageStreamResponse, type UIMessageChunk } from "ai";
import type { z } from "zod";
import type { ReasoningEffort } from "../ai/reasoning-effort";
import { attachmentsOf } from "../attachments/parts";
import type { Principal } from "../auth/api-principal";
import { CURRENT_LEAF, startReply } from "../chat/generate";
import { getMessage } from "../db/messages";
import { AppError } from "../errors";
import { json, STREAM_HEADERS } from "../http";
import { log } from "../log";
import { apiAllowedModelId } from "./models";
import type { EditMessageBody, MessageOut, PostMessageBody } from "./schemas";
import { serializeMessage } from "./serializers";
import { StreamedReply } from "./streamed-reply";

interface ReplyRequest {
  principal: Principal;
  conversationId: string;
  messageId: string;
  text: string;
  parentId: string | null | typeof CURRENT_LEAF;
  modelId?: string;
  reasoningEffort?: ReasoningEffort;
  stream: boolean;
  attachmentIds?: string[];
}

/**
 * POST …/messages: store the user's message and answer it. Idempotent by its id: the same id again gets the
 * stored reply (200); the engine checks the parent and an id used elsewhere (one place, one error).
 */
export async function sendAndReply({
  principal,
  conversationId,
  input,
}: {
  principal: Principal;
  conversationId: string;
  input: Omit<z.infer<typeof PostMessageBody>, "id" | "role"> & { id: string };
}): Promise<Response> {
  // Without a parent the message follows the current leaf, found with the engine's other reads. A missing
  // conversation is never created here (404).
  const parentId = input.parent_id !== undefined ? input.parent_id : CURRENT_LEAF;
  return reply({
    principal,
    conversationId,
    messageId: input.id,
    text: input.content,
    parentId,
    modelId: input.model,
    reasoningEffort: input.reasoning_effort,
    stream: input.stream,
    attachmentIds: input.attachments,
  });
}

/** PATCH/PUT /messages/{id}: the edited text becomes a sibling of the original (a new branch), then is answered. */
export async function editAndReply({
  principal,
  messageId,
  input,
}: {
  principal: Principal;
  messageId: string;
  input: z.infer<typeof EditMessageBody>;
}): Promise<Response> {
  const userId = principal.userId;
  const original = await getMessage({ id: messageId, userId });
  if (!original) throw new AppError("not_found:message");
  if (original.role !== "user") {
    throw new AppError("conflict:message_role", { message: "Only your own (user) messages can be edited." });
  }
  return reply({
    principal,
    conversationId: original.conversationId,
    messageId: input.id ?? randomUUID(),
    text: input.content,
    parentId: original.parentId,
    modelId: input.model,
    reasoningEffort: input.reasoning_effort,
    stream: input.stream,
    // The edited copy carries the original's files unless the edit names others.
    attachmentIds: input.attachments ?? attachmentsOf(original.parts).map((a) => a.id),
  });
}

async function reply(input: ReplyRequest): Promise<Response> {
  const userId = input.principal.userId;
  const handle = await startReply({
    userId,
    conversationId: input.conversationId,
    userMessage: {
      id: input.messageId,
      text: input.text,
      parentId: input.parentId,
      attachmentIds: input.attachmentIds,
    },
    modelId: input.modelId ? await apiAllowedModelId(userId, input.modelId) : undefined,
    reasoningEffort: input.reasoningEffort,
    parentField: "parent_id",
    existingConversation: true,
  });
  const status = handle.created === false ? 200 : 201;
  const stored = async () => {
    const [userMessage, assistant] = await Promise.all([
      getMessage({ id: input.messageId, userId }),
      getMessage({ id: handle.assistantMessageId, userId }),
    ]);
    if (!userMessage) throw new AppError("not_found:message");
    return {
      object: "reply" as const,
      user_message: serializeMessage(userMessage),
      assistant_message: assistant ? serializeMessage(assistant) : null,
    };
  };
  if (!input.stream) {
    // The generation runs on without readers; this request only waits for the stored result.
    await handle.stream.cancel();
    await handle.done;
    return json(await stored(), { status });
  }
  // The row this call just stored is the user message: no need to read it back before streaming.
  const userMessage = handle.userMessage ? serializeMessage(handle.userMessage) : (await stored()).user_message;
  return createUIMessageStreamResponse({
    status,
    headers: STREAM_HEADERS,
    stream: streamFrom(events(userMessage, handle.stream, handle.done, stored, handle.conversationId)),
  });
}

/**
 * The AI SDK UI message stream, framed by the stored user message first and the stored assistant message
 * last, so a program gets ids and final state without a second request.
 */
async function* events(
  userMessage: MessageOut,
  stream: ReadableStream<UIMessageChunk>,
  done: Promise<void>,
  stored: () => Promise<{ assistant_message: MessageOut | null }>,
  conversationId: string,
): AsyncGenerator<UIMessageChunk> {
  yield { type: "data-user_message", data: userMessage };
  const seen = new StreamedReply();
  for await (const chunk of stream) {
    seen.add(chunk);
    yield chunk;
  }
  await done;
  let assistant: MessageOut | null;
  try {
    assistant = (await stored()).assistant_message;
  } catch (error) {
    // The database went down before the read-back: end with what this stream said, not a cut connection.
    log.warn("api.reply_read_back_failed", { error });
    assistant = seen.message({ conversationId, parentId: userMessage.id });
  }
  yield { type: "data-assistant_message", data: assistant };
}

function streamFrom<T>(iterable: AsyncGenerator<T>): ReadableStream<T> {
  return new ReadableStream<T>({
    async pull(controller) {
      const { done, value } = await iterable.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    async cancel() {
      // The client went away: stop reading; the generation itself carries on and is stored.
      await iterable.return(undefined);
    },
  });
}
