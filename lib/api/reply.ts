import "server-only";
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import type { Principal } from "../auth/api-principal";
import { requireConversation } from "../db/conversations";
import { getMessage, getReplies, getThread, type Message } from "../db/messages";
import { AppError } from "../errors";
import { json } from "../http";
import { enforce, type RateLimitRule } from "../rate-limit";
import type { EditMessageBody, PostMessageBody } from "./schemas";
import { serializeMessage } from "./serializers";

/** Each reply costs a model call: a tighter budget than reads. */
export const REPLY_RATE_LIMIT: RateLimitRule = { name: "api:reply", limit: 60, windowSeconds: 60 };

interface ReplyRequest {
  request: Request;
  principal: Principal;
  conversationId: string;
  messageId: string;
  text: string;
  parentId: string | null;
  modelId?: string;
  stream: boolean;
}

/** POST …/messages: store the user's message (idempotent by its id) and answer it. */
export async function sendAndReply({
  request,
  principal,
  conversationId,
  input,
}: {
  request: Request;
  principal: Principal;
  conversationId: string;
  input: z.infer<typeof PostMessageBody>;
}): Promise<Response> {
  const userId = principal.userId;
  await requireConversation({ id: conversationId, userId });
  const replay = await replayIfSent(userId, conversationId, input.id);
  if (replay) return replay;
  const parentId = input.parent_id !== undefined ? input.parent_id : await currentLeafId(conversationId, userId);
  if (parentId !== null) await assertParentIn(conversationId, userId, parentId);
  return reply({
    request,
    principal,
    conversationId,
    messageId: input.id,
    text: input.content,
    parentId,
    modelId: input.model,
    stream: input.stream,
  });
}

/** PATCH/PUT /messages/{id}: the edited text becomes a sibling of the original (a new branch), then is answered. */
export async function editAndReply({
  request,
  principal,
  messageId,
  input,
}: {
  request: Request;
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
  const id = input.id ?? randomUUID();
  const replay = await replayIfSent(userId, original.conversationId, id);
  if (replay) return replay;
  return reply({
    request,
    principal,
    conversationId: original.conversationId,
    messageId: id,
    text: input.content,
    parentId: original.parentId,
    modelId: input.model,
    stream: input.stream,
  });
}

/** A message id sent before: answer with what was stored (200) instead of sending it twice. */
async function replayIfSent(userId: string, conversationId: string, id: string): Promise<Response | null> {
  const existing = await getMessage({ id, userId });
  if (!existing) return null;
  if (existing.conversationId !== conversationId || existing.role !== "user") {
    throw new AppError("conflict:message", { message: "That message id is already used." });
  }
  return json(await replyBody(userId, existing), { status: 200 });
}

async function replyBody(userId: string, userMessage: Message) {
  const replies = await getReplies({ parentId: userMessage.id, userId });
  const assistant = replies.filter((m) => m.role === "assistant").at(-1) ?? null;
  return {
    object: "reply" as const,
    user_message: serializeMessage(userMessage),
    assistant_message: assistant ? serializeMessage(assistant) : null,
  };
}

async function assertParentIn(conversationId: string, userId: string, parentId: string): Promise<void> {
  const parent = await getMessage({ id: parentId, userId });
  if (parent?.conversationId !== conversationId) {
    throw new AppError("validation:parent", {
      message: "parent_id: not a message of this conversation.",
      fields: [{ field: "parent_id", message: "Not a message of this conversation." }],
    });
  }
}

async function currentLeafId(conversationId: string, userId: string): Promise<string | null> {
  const { messages } = await getThread({ conversationId, userId, limit: 1 });
  return messages.at(-1)?.id ?? null;
}

async function reply(input: ReplyRequest): Promise<Response> {
  await enforce(REPLY_RATE_LIMIT, input.principal.userId, "Too many messages. Wait and try again.");
  throw new AppError("offline", { message: "Replies are not wired up yet." });
}
