import "server-only";
import { randomUUID } from "node:crypto";
import { type ResolvedModel, resolveModel } from "../ai/providers";
import type { ReasoningEffort } from "../ai/reasoning-effort";
import { attachmentLimits } from "../attachments/limits";
import { getPermissions, modelAllowed, modelForbidden, type Permissions } from "../auth/permissions";
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
} from "../db/messages";
import { getPreferences } from "../db/preferences";
import { isUniqueViolation } from "../db/unique-violation";
import { AppError } from "../errors";
import { countHit, giveBack, hit, judge } from "../rate-limit";
import { CONTEXT_MESSAGES } from "./history";
import { MAX_MESSAGE_CHARS } from "./limits";
import { failIfAbandoned } from "./liveness";
import { openReply } from "./locator";
import { replyRow, userParts, userRow } from "./message-rows";
import { Reply } from "./reply";
import { estimateReplyTokens, pickModel, releaseUnused, reserveDailyTokens, tooFast } from "./send-limits";
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
  /** How hard a reasoning model thinks; ignored for models not marked as taking an effort. */
  reasoningEffort?: ReasoningEffort | null;
  /** How the caller's surface names the parent field in errors (the REST API says `parent_id`). */
  parentField?: string;
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
  const requestedModel = input.modelId ? await resolveModel(input.modelId) : null;
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
  const reservation = await reserveDailyTokens(userId, permissions, estimateReplyTokens(path, userMessage.text));
  let started = false;
  try {
    if (!found && parentId) throw await whyNotWritable({ id: conversationId, userId });
    if (found && parentId && path.at(-1)?.id !== parentId) {
      // A retry of a stored message may name a parent that is no longer the leaf; anything else is a bad parent.
      if (await getMessage({ id: userMessage.id, userId })) return joinRetry(userMessage.id, found.id, userId);
      throw parentNotInConversation(input.parentField ?? "parentId");
    }
    const files = await attachedFiles(userMessage, userId, conversationId);
    const conversation =
      found ?? (await getOrCreateConversation({ id: conversationId, userId, modelId: requestedModel?.id ?? null }));
    const model = await pickModel(permissions, requestedModel, conversation.modelId);
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
    started = true;
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
      tokenReservation: reservation,
      reasoningEffort: input.reasoningEffort ?? null,
    });
    return { ...reply.handle(true), userMessage: stored };
  } finally {
    if (!started) await releaseUnused(reservation);
  }
}

/** The message's files, checked as the person's and attachable here; a message with neither text nor files is refused. */
async function attachedFiles(
  userMessage: NonNullable<StartReplyInput["userMessage"]>,
  userId: string,
  conversationId: string,
): Promise<AttachmentMeta[]> {
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
  return files;
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
  const model = await pickModel(permissions, requestedModel, conversation.modelId);
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
  const history = await getPath({
    conversationId: conversation.id,
    userId,
    leafId: parent.id,
    limit: CONTEXT_MESSAGES,
  });
  const reservation = await reserveDailyTokens(userId, permissions, estimateReplyTokens(history));
  const assistantId = randomUUID();
  try {
    await insertMessage(conversation, replyRow(assistantId, parent.id, model.id), parent.seq + 1);
  } catch (error) {
    await releaseUnused(reservation);
    throw error;
  }
  return Reply.start({
    tokenReservation: reservation,
    userId,
    conversation,
    parentId: parent.id,
    assistantId,
    history,
    model,
    title: null,
    housekeeping: modelChange(conversation, userId, requestedModel),
    reasoningEffort: input.reasoningEffort ?? null,
  }).handle(true);
}

/** Remembers a model picked for this message as the conversation's model. */
function modelChange(conversation: Conversation, userId: string, requested: ResolvedModel | null) {
  if (!requested || conversation.modelId === requested.id) return [];
  return [() => updateConversation({ id: conversation.id, userId, patch: { modelId: requested.id } })];
}
