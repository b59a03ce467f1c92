import "server-only";
import { randomUUID } from "node:crypto";
import { getModel, listModels, type ResolvedModel, resolveModel } from "../ai/providers";
import { attachmentLimits } from "../attachments/limits";
import { attachmentPart } from "../attachments/parts";
import { type AttachmentMeta, checkAttachable } from "../db/attachments";
import {
  type Conversation,
  getConversation,
  getOrCreateConversation,
  requireConversation,
  touchConversation,
  updateConversation,
  whyNotWritable,
} from "../db/conversations";
import {
  currentLeafOf,
  getMessage,
  getPath,
  getReplies,
  insertMessage,
  insertMessages,
  type Message,
  type MessagePart,
  type NewMessageRow,
} from "../db/messages";
import { getPermissions, modelAllowed, modelForbidden, type Permissions } from "../auth/permissions";
import { waitText } from "../auth/login";
import { nextUsageReset, tokensUsedToday } from "../db/usage";
import { getPreferences } from "../db/preferences";
import { isUniqueViolation } from "../db/unique-violation";
import { AppError } from "../errors";
import { countHit, giveBack, hit, judge } from "../rate-limit";
import { CONTEXT_MESSAGES } from "./history";
import { MAX_MESSAGE_CHARS } from "./limits";
import { failIfAbandoned } from "./liveness";
import { openReply } from "./locator";
import { Reply } from "./reply";
import { messageRateRule } from "./settings";
import type { ReplyHandle } from "./types";

export { messageRateRule } from "./settings";
export type { ReplyHandle } from "./types";

/**
 * As a new message's parent: the end of the conversation's visible path (the branch the person chose, else
 * the newest message), found in the same round as the other reads rather than in a query of its own before.
 */
export const CURRENT_LEAF = Symbol("current leaf");

export interface StartReplyInput {
  userId: string;
  conversationId: string;
  /** The person's new message (client-chosen UUID). Omitted when regenerating. */
  userMessage?: { id: string; text: string; parentId: string | null | typeof CURRENT_LEAF; attachmentIds?: string[] };
  /** The conversation must exist already (the REST API never creates one here): 404 otherwise. */
  existingConversation?: boolean;
  /** Regenerate the reply to this message (an assistant reply, or the user message it answers). */
  regenerateOf?: string;
  modelId?: string | null;
  /** How the caller's surface names the parent field in errors (the REST API says `parent_id`). */
  parentField?: string;
}

export function tooFast(limit: number, retryAfterSeconds: number) {
  return new AppError("rate_limited:chat:messages", {
    message:
      `You are sending messages too fast (your limit is ${limit} a minute). ` +
      `Try again in ${waitText(retryAfterSeconds)}.`,
    retryAfterSeconds,
  });
}

/** Refuses a new reply once today's tokens reach the role's daily limit (429 until midnight UTC). */
export async function checkDailyTokens(userId: string, permissions: Permissions): Promise<void> {
  const limit = permissions.tokensPerDay;
  if (limit === null) return;
  const now = new Date();
  if ((await tokensUsedToday(userId, now)) < limit) return;
  const resetAt = nextUsageReset(now);
  const retryAfterSeconds = Math.max(1, Math.ceil((resetAt.getTime() - now.getTime()) / 1000));
  throw new AppError("rate_limited:chat:tokens", {
    message:
      `You have used today's ${limit.toLocaleString("en-US")} tokens. The limit resets at midnight UTC ` +
      `(${resetAt.toISOString().replace(".000Z", "Z")}), in ${waitText(retryAfterSeconds)}.`,
    retryAfterSeconds,
  });
}

/** The requested model if allowed, else the remembered one if still allowed, else the first allowed one. */
function pickModel(permissions: Permissions, requested: ResolvedModel | null, remembered: string | null) {
  if (requested) return requested;
  const fallback = resolveModel(null, remembered);
  if (modelAllowed(permissions, fallback.id)) return fallback;
  const first = listModels().find((m) => modelAllowed(permissions, m.id));
  if (!first) {
    throw new AppError("forbidden:model", { message: "Your role allows none of the configured models." });
  }
  return getModel(first.id);
}

/**
 * Stores the person's message and the reply's row, then streams the reply from the model. The generation runs
 * to the end whoever is listening; a repeated post of the same message id joins it (and counts as a send).
 */
export async function startReply(input: StartReplyInput): Promise<ReplyHandle> {
  if (input.userMessage && input.userMessage.text.length > MAX_MESSAGE_CHARS) {
    throw new AppError("validation:message_length", {
      message: `A message can be at most ${MAX_MESSAGE_CHARS.toLocaleString("en-US")} characters.`,
      fields: [{ field: "message", message: `At most ${MAX_MESSAGE_CHARS} characters.` }],
    });
  }
  // Validate the model before anything is stored.
  const requestedModel = input.modelId ? resolveModel(input.modelId) : null;
  if (input.userMessage) return sendMessage(input, input.userMessage, requestedModel);
  const permissions = await allowedPermissions(input.userId, requestedModel);
  if (input.regenerateOf) return regenerate(input, input.regenerateOf, requestedModel, permissions);
  throw new AppError("bad_request", { message: "Nothing to reply to." });
}

async function allowedPermissions(userId: string, requestedModel: ResolvedModel | null): Promise<Permissions> {
  return checkedModel(await getPermissions(userId), requestedModel);
}

function checkedModel(permissions: Permissions, requestedModel: ResolvedModel | null): Permissions {
  if (requestedModel && !modelAllowed(permissions, requestedModel.id)) throw modelForbidden(requestedModel.id);
  return permissions;
}

async function sendMessage(
  input: StartReplyInput,
  userMessage: NonNullable<StartReplyInput["userMessage"]>,
  requestedModel: ResolvedModel | null,
): Promise<ReplyHandle> {
  const { userId, conversationId } = input;
  // Everything the reply needs, read at once (on PostgreSQL, in parallel). A repeated post is found by the
  // insert's unique id below, so the common path spends no query on it. The message is counted against the
  // rate limit in the same round, and judged once the person's limit (their role) is known.
  const [permissions, found, [parentId, path], counted, preferences] = await Promise.all([
    getPermissions(userId),
    getConversation({ id: conversationId, userId }),
    parentAndPath(conversationId, userId, userMessage.parentId),
    countHit(messageRateRule(), userId),
    getPreferences(userId),
  ]);
  // Refusals come before anything is written (not even the new conversation). Retries cost what sends cost;
  // a send refused before the limit is judged (no such conversation, a model the role may not use) does not.
  const notCounted = async (refusal: AppError) => {
    await giveBack(messageRateRule(), userId).catch(() => {});
    return refusal;
  };
  if (!found && input.existingConversation) throw await notCounted(new AppError("not_found:conversation"));
  if (requestedModel && !modelAllowed(permissions, requestedModel.id)) {
    throw await notCounted(modelForbidden(requestedModel.id));
  }
  const rule = messageRateRule(permissions.messagesPerMinute);
  const rate = judge(rule, counted);
  if (!rate.allowed) throw tooFast(rule.limit, rate.retryAfterSeconds);
  await checkDailyTokens(userId, permissions);
  if (!found && parentId) throw await whyNotWritable({ id: conversationId, userId });
  if (found && parentId && path.at(-1)?.id !== parentId) {
    // A retry of a stored message may name a parent that is no longer the leaf; anything else is a bad parent.
    if (await getMessage({ id: userMessage.id, userId })) return joinRetry(userMessage.id, found.id, userId);
    throw parentNotInConversation(input.parentField ?? "parentId");
  }
  const files = await checkAttachable({
    ids: userMessage.attachmentIds ?? [],
    userId,
    conversationId,
    perMessage: attachmentLimits().perMessage,
  });
  if (userMessage.text.length === 0 && files.length === 0) {
    throw new AppError("validation:message", {
      message: "The message is empty.",
      fields: [{ field: "message", message: "Write something or attach a file." }],
    });
  }
  const conversation =
    found ?? (await getOrCreateConversation({ id: conversationId, userId, modelId: requestedModel?.id ?? null }));
  const model = pickModel(permissions, requestedModel, conversation.modelId);
  const assistantId = randomUUID();
  let stored: Message | undefined;
  try {
    // One transaction: whoever finds the person's message also finds the reply's row (nothing to wait for).
    const rows = [
      userRow({ ...userMessage, parentId }, files, userId),
      replyRow(assistantId, userMessage.id, model.id),
    ];
    [stored] = await insertMessages(conversation, rows, (path.at(-1)?.seq ?? 0) + 1);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return joinRetry(userMessage.id, conversation.id, userId);
  }
  const housekeeping = [
    () => touchConversation({ id: conversation.id, userId }),
    ...modelChange(conversation, userId, requestedModel),
  ];
  const parts = userParts(userMessage.text, files);
  const reply = Reply.start({
    userId,
    conversation,
    parentId: userMessage.id,
    assistantId,
    history: [...path, { id: userMessage.id, role: "user", parts, status: "complete" }],
    model,
    title: parentId === null && !conversation.title ? userMessage.text || (files[0]?.name ?? null) : null,
    housekeeping,
    preferences,
  });
  return { ...reply.handle(true), userMessage: stored };
}

/** The new message's parent (CURRENT_LEAF resolved) and the path down to it, for the model's context. */
async function parentAndPath(
  conversationId: string,
  userId: string,
  requested: string | null | typeof CURRENT_LEAF,
): Promise<[string | null, Awaited<ReturnType<typeof getPath>>]> {
  const parentId = requested === CURRENT_LEAF ? ((await currentLeafOf({ conversationId, userId })) ?? null) : requested;
  if (!parentId) return [null, []];
  return [parentId, await getPath({ conversationId, userId, leafId: parentId, limit: CONTEXT_MESSAGES - 1 })];
}

function parentNotInConversation(field: string) {
  return new AppError("validation:parent", {
    message: "The parent is not a message of this conversation.",
    fields: [{ field, message: "Not a message of this conversation." }],
  });
}

/** A message id posted again: the reply written (or being written) for it, or a conflict at once. */
async function joinRetry(messageId: string, conversationId: string, userId: string): Promise<ReplyHandle> {
  const existing = await getMessage({ id: messageId, userId });
  if (existing?.conversationId !== conversationId || existing.role !== "user") {
    throw new AppError("conflict:message", { message: "That message id is already used." });
  }
  const reply = (await getReplies({ parentId: existing.id, userId })).findLast((m) => m.role === "assistant");
  if (!reply) {
    throw new AppError("conflict:message_reply", {
      message: "This message was already sent and its reply no longer exists. Send it again as a new message.",
    });
  }
  return { ...(await openReply(reply, userId)), created: false };
}

async function regenerate(
  input: StartReplyInput,
  targetId: string,
  requestedModel: ResolvedModel | null,
  permissions: Permissions,
) {
  const { userId } = input;
  const conversation = await requireConversation({ id: input.conversationId, userId });
  const model = pickModel(permissions, requestedModel, conversation.modelId);
  const target = await getMessage({ id: targetId, userId });
  if (!target || target.conversationId !== conversation.id) throw new AppError("not_found:message");
  const parentId = target.role === "assistant" ? target.parentId : target.id;
  const parent = parentId ? await getMessage({ id: parentId, userId }) : null;
  if (parent?.role !== "user") {
    throw new AppError("validation:regenerate", { message: "That message cannot be regenerated." });
  }
  // A double-clicked "Regenerate" joins the reply already being written (unless its producer is gone).
  const running = (await getReplies({ parentId: parent.id, userId })).find((m) => m.status === "streaming");
  if (running && !(await failIfAbandoned(running))) return openReply(running, userId);
  const rule = messageRateRule(permissions.messagesPerMinute);
  const rate = await hit(rule, userId);
  if (!rate.allowed) throw tooFast(rule.limit, rate.retryAfterSeconds);
  await checkDailyTokens(userId, permissions);
  const history = await getPath({
    conversationId: conversation.id,
    userId,
    leafId: parent.id,
    limit: CONTEXT_MESSAGES,
  });
  const assistantId = randomUUID();
  await insertMessage(conversation, replyRow(assistantId, parent.id, model.id), parent.seq + 1);
  return Reply.start({
    userId,
    conversation,
    parentId: parent.id,
    assistantId,
    history,
    model,
    title: null,
    housekeeping: modelChange(conversation, userId, requestedModel),
  }).handle(true);
}

/** The person's message as stored: its text, then a file part for each attachment. */
function userParts(text: string, files: AttachmentMeta[]): MessagePart[] {
  return [
    ...(text || files.length === 0 ? [{ type: "text", text }] : []),
    ...files.map((file) => ({ ...attachmentPart(file) })),
  ];
}

function userRow(
  message: { id: string; text: string; parentId: string | null },
  files: AttachmentMeta[],
  userId: string,
): NewMessageRow {
  const parts = userParts(message.text, files);
  return {
    id: message.id,
    role: "user",
    authorId: userId,
    content: message.text,
    parts,
    status: "complete",
    parentId: message.parentId,
    attachmentIds: files.map((file) => file.id),
  };
}

/** The reply's row as it starts: empty and streaming (the heartbeat and the writer keep it current). */
function replyRow(id: string, parentId: string, modelId: string): NewMessageRow {
  return { id, role: "assistant", authorId: null, content: "", parts: [], status: "streaming", parentId, modelId };
}

/** Remembers a model picked for this message as the conversation's model. */
function modelChange(conversation: Conversation, userId: string, requested: ResolvedModel | null) {
  if (!requested || conversation.modelId === requested.id) return [];
  return [() => updateConversation({ id: conversation.id, userId, patch: { modelId: requested.id } })];
}
