import "server-only";
import { randomUUID } from "node:crypto";
import {
  APICallError,
  isStepCount,
  readUIMessageStream,
  streamText,
  toUIMessageStream,
  type UIMessage,
  type UIMessageChunk,
} from "ai";
import {
  type Conversation,
  getConversation,
  getOrCreateConversation,
  isUniqueViolation,
  requireConversation,
  setTitleIfEmpty,
  touchConversation,
  updateConversation,
} from "../db/conversations";
import {
  getMessage,
  getPath,
  getReplies,
  insertMessage,
  type Message,
  type MessagePart,
  updateAssistantMessage,
} from "../db/messages";
import { resolveModel, type ResolvedModel } from "../ai/providers";
import { composeInstructions } from "../ai/instructions";
import { generateTitle, titleFromText } from "../ai/title";
import { getPreferences } from "../db/preferences";
import { toolsFor } from "../ai/tools";
import { AppError } from "../errors";
import { log } from "../log";
import { enforce, hit } from "../rate-limit";
import { CONTEXT_MESSAGES, type HistoryMessage, toModelMessages } from "./history";
import { StreamHub } from "./hub";
import { MAX_MESSAGE_CHARS } from "./limits";
import { localGeneration, registerGeneration } from "./registry";
import { replayChunks, streamOf } from "./replay";
import { publishResumable, resumeFromRedis } from "./resumable";
import type { ReplyMetadata } from "./types";

const MAX_STEPS = 5;
const SNAPSHOT_INTERVAL_MS = 1_000;
const HEARTBEAT_INTERVAL_MS = 15_000;

export function messageRateRule() {
  return { name: "chat:messages", limit: Number(process.env.PARLEY_MESSAGES_PER_MINUTE ?? 30), windowSeconds: 60 };
}

export interface StartReplyInput {
  userId: string;
  conversationId: string;
  /** The person's new message (client-chosen UUID). Omitted when regenerating. */
  userMessage?: { id: string; text: string; parentId: string | null };
  /** Regenerate the reply to this message (an assistant reply, or the user message it answers). */
  regenerateOf?: string;
  modelId?: string | null;
}

export interface ReplyHandle {
  conversationId: string;
  assistantMessageId: string;
  /** The UI message stream: the whole reply from its start, live while it is generated. */
  stream: ReadableStream<UIMessageChunk>;
  /** Settles once the reply is stored in its final state (complete, aborted or error). */
  done: Promise<void>;
}

/**
 * Stores the person's message, then streams a reply from the model into a new assistant message. The
 * generation runs to the end whoever is listening; a repeated post of the same message joins it.
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
  if (input.regenerateOf) return regenerate(input, input.regenerateOf, requestedModel);
  throw new AppError("bad_request", { message: "Nothing to reply to." });
}

const tooFast = "You are sending messages too fast. Please wait a moment.";

async function sendMessage(
  input: StartReplyInput,
  userMessage: NonNullable<StartReplyInput["userMessage"]>,
  requestedModel: ResolvedModel | null,
): Promise<ReplyHandle> {
  const { userId, conversationId } = input;
  // Everything the reply needs, read at once. A repeated post of a stored message is found by the insert's
  // unique id below, so the common path spends no query on it.
  const [found, path, rate] = await Promise.all([
    getConversation({ id: conversationId, userId }),
    userMessage.parentId
      ? getPath({ conversationId, userId, leafId: userMessage.parentId, limit: CONTEXT_MESSAGES - 1 })
      : Promise.resolve([]),
    hit(messageRateRule(), userId),
  ]);
  if (!rate.allowed) {
    // A retry of a message that is already stored is answered even when the person is over the limit.
    const existing = await getMessage({ id: userMessage.id, userId });
    if (existing) {
      if (!found || existing.conversationId !== found.id || existing.role !== "user") throw messageIdTaken();
      return joinReply({
        userId,
        userMessageId: existing.id,
        model: requestedModel ?? resolveModel(null, found.modelId),
      });
    }
  }
  // Refusals come before anything is written (not even the new conversation).
  if (!rate.allowed) {
    throw new AppError("rate_limited:chat:messages", { message: tooFast, retryAfterSeconds: rate.retryAfterSeconds });
  }
  if (!found && userMessage.parentId) throw new AppError("not_found:conversation");
  if (found && userMessage.parentId && path.at(-1)?.id !== userMessage.parentId) {
    throw new AppError("validation:parent", {
      message: "parentId is not a message of this conversation.",
      fields: [{ field: "parentId", message: "Not a message of this conversation." }],
    });
  }
  const conversation =
    found ?? (await getOrCreateConversation({ id: conversationId, userId, modelId: requestedModel?.id ?? null }));
  const model = requestedModel ?? resolveModel(null, conversation.modelId);

  let stored: Message;
  try {
    stored = await insertMessage(
      conversation,
      {
        id: userMessage.id,
        role: "user",
        authorId: userId,
        content: userMessage.text,
        parts: [{ type: "text", text: userMessage.text }],
        status: "complete",
        parentId: userMessage.parentId,
      },
      // The next seq on a linear thread; insertMessage falls back to the conversation's last seq on a clash.
      (path.at(-1)?.seq ?? 0) + 1,
    );
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // The same message posted concurrently: the other request answers it.
    const raced = await getMessage({ id: userMessage.id, userId });
    if (raced?.conversationId === conversation.id && raced.role === "user") {
      return joinReply({ userId, userMessageId: raced.id, model });
    }
    throw messageIdTaken();
  }
  const housekeeping: (() => Promise<unknown>)[] = [() => touchConversation({ id: conversation.id, userId })];
  if (requestedModel && conversation.modelId !== requestedModel.id) {
    housekeeping.push(() => updateConversation({ id: conversation.id, userId, patch: { modelId: requestedModel.id } }));
  }
  const isFirst = userMessage.parentId === null;
  return generate({
    userId,
    conversation,
    parent: stored,
    history: [...path, { id: stored.id, role: "user", parts: stored.parts as MessagePart[], status: "complete" }],
    model,
    title: isFirst && !conversation.title ? userMessage.text : null,
    housekeeping,
  });
}

async function regenerate(input: StartReplyInput, targetId: string, requestedModel: ResolvedModel | null) {
  const { userId } = input;
  const conversation = await requireConversation({ id: input.conversationId, userId });
  const model = requestedModel ?? resolveModel(null, conversation.modelId);
  const target = await getMessage({ id: targetId, userId });
  if (!target || target.conversationId !== conversation.id) throw new AppError("not_found:message");
  const parentId = target.role === "assistant" ? target.parentId : target.id;
  const parent = parentId ? await getMessage({ id: parentId, userId }) : null;
  if (parent?.role !== "user") {
    throw new AppError("validation:regenerate", { message: "That message cannot be regenerated." });
  }
  // A double-clicked "Regenerate" joins the reply already being written.
  const running = (await getReplies({ parentId: parent.id, userId })).find((m) => m.status === "streaming");
  if (running) return joinExisting(running, userId, model);
  await enforce(messageRateRule(), userId, tooFast);
  const housekeeping: (() => Promise<unknown>)[] = [];
  if (requestedModel && conversation.modelId !== requestedModel.id) {
    housekeeping.push(() => updateConversation({ id: conversation.id, userId, patch: { modelId: requestedModel.id } }));
  }
  const history = await getPath({
    conversationId: conversation.id,
    userId,
    leafId: parent.id,
    limit: CONTEXT_MESSAGES,
  });
  return generate({ userId, conversation, parent, history, model, title: null, housekeeping });
}

function messageIdTaken() {
  return new AppError("conflict:message", { message: "That message id is already used." });
}

interface GenerateInput {
  userId: string;
  conversation: Conversation;
  /** The user message being answered (already stored). */
  parent: Message;
  /** The thread from the root to `parent`, for the model. */
  history: HistoryMessage[];
  model: ResolvedModel;
  /** When set, the conversation gets a title from this first message. */
  title: string | null;
  /** Writes that need not delay the first token: run once it has been sent. */
  housekeeping: (() => Promise<unknown>)[];
}

async function generate(input: GenerateInput): Promise<ReplyHandle> {
  const { userId, conversation, model } = input;
  const conversationId = conversation.id;
  const messages = await toModelMessages(input.history);
  // Read before the reply's row exists: no await may come between that insert and registering the generation.
  const { customInstructions } = await getPreferences(userId);
  const controller = new AbortController();
  const assistantId = randomUUID();
  // The reply's row is written while the model starts answering.
  const rowReady = insertMessage(
    conversation,
    {
      id: assistantId,
      role: "assistant",
      authorId: null,
      content: "",
      parts: [],
      status: "streaming",
      parentId: input.parent.id,
      modelId: model.id,
    },
    input.parent.seq + 1,
  );
  const instructions = composeInstructions({ conversationPrompt: conversation.systemPrompt, customInstructions });
  rowReady.catch((error) => {
    log.error("chat.reply_row_failed", { conversationId, messageId: assistantId, error });
    controller.abort(error);
  });

  const hub = new StreamHub();
  let errorText: string | null = null;
  let finalStatus: ReplyMetadata["status"] = "complete";
  const metadata = (status: ReplyMetadata["status"]): ReplyMetadata => ({
    modelId: model.id,
    modelLabel: model.label,
    status,
    conversationId,
  });

  const result = streamText({
    model: model.model,
    instructions,
    messages,
    tools: model.tools ? toolsFor(userId) : undefined,
    stopWhen: isStepCount(MAX_STEPS),
    abortSignal: controller.signal,
    maxRetries: Number(process.env.PARLEY_MODEL_MAX_RETRIES ?? 1),
    onError: () => {
      // Reported through the UI stream's onError below; this keeps the SDK from logging it twice.
    },
  });

  const uiStream = toUIMessageStream({
    stream: result.stream,
    generateMessageId: () => assistantId,
    originalMessages: [] as UIMessage[],
    messageMetadata: ({ part }) => {
      if (part.type === "start") return metadata("streaming");
      if (part.type === "finish") {
        // A stream that ended without the server saying it was done is a cut-off reply, not a complete one.
        if (part.finishReason === "interrupted") errorText ??= "The connection to the model server was lost mid-reply.";
        return metadata(controller.signal.aborted ? "aborted" : errorText ? "error" : "complete");
      }
      return undefined;
    },
    onError: (error) => {
      errorText = describeModelError(error);
      if (!isAbort(error)) log.warn("chat.model_error", { conversationId, messageId: assistantId, error });
      return errorText;
    },
  });

  const [forClients, forStore] = uiStream.tee();
  let latest: UIMessage | undefined;
  // The first snapshot waits a second: nothing should compete with the first tokens.
  let lastSaved = Date.now();
  let lastSavedParts = "";
  const save = async (force: boolean) => {
    const current = (latest?.parts ?? []) as MessagePart[];
    const parts = JSON.stringify(current);
    if (!force && parts === lastSavedParts) return;
    lastSaved = Date.now();
    lastSavedParts = parts;
    await rowReady;
    await saveSnapshot(assistantId, userId, current);
  };
  // Partial text reaches the database every second, and a heartbeat shows the reply is still alive.
  const heartbeat = setInterval(() => void save(true).catch(() => {}), HEARTBEAT_INTERVAL_MS);
  const snapshots = (async () => {
    try {
      for await (const message of readUIMessageStream({ stream: forStore, onError: () => {} })) {
        latest = message;
        if (Date.now() - lastSaved >= SNAPSHOT_INTERVAL_MS) await save(false);
      }
    } catch (error) {
      log.warn("chat.snapshot_failed", { messageId: assistantId, error });
    }
  })();

  const housekeepingDone: Promise<unknown>[] = [];
  const startHousekeeping = () => {
    for (const task of input.housekeeping.splice(0))
      housekeepingDone.push(task().catch((error) => log.warn("chat.housekeeping_failed", { error })));
  };
  const pump = (async () => {
    const reader = forClients.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (value.type === "abort") finalStatus = "aborted";
        hub.push(value);
        if (value.type === "text-delta" || value.type === "tool-input-available") startHousekeeping();
      }
    } catch (error) {
      // The model stream broke (e.g. the server dropped the connection): end the reply with an error.
      if (controller.signal.aborted) {
        hub.push({ type: "abort" });
      } else {
        errorText ??= describeModelError(error);
        log.warn("chat.model_stream_failed", { conversationId, messageId: assistantId, error });
        hub.push({ type: "error", errorText });
      }
      hub.push({ type: "finish", messageMetadata: metadata(controller.signal.aborted ? "aborted" : "error") });
    }
  })();

  const done = (async () => {
    try {
      await Promise.allSettled([pump, snapshots]);
      startHousekeeping();
      await Promise.allSettled([...housekeepingDone]);
      await rowReady;
      if (controller.signal.aborted) finalStatus = "aborted";
      else if (errorText) finalStatus = "error";
      const parts = (latest?.parts ?? []) as MessagePart[];
      const usage = await Promise.race([
        Promise.resolve(result.totalUsage).catch(() => null),
        new Promise<null>((resolve) => setTimeout(() => resolve(null), 1000)),
      ]);
      const stored = await updateAssistantMessage({
        id: assistantId,
        userId,
        onlyIfStreaming: true,
        update: {
          parts,
          content: textOf(parts),
          status: finalStatus,
          error: finalStatus === "error" ? errorText : null,
          toolCalls: toolCallsOf(parts),
          toolOutputs: toolOutputsOf(parts),
          inputTokens: usage?.inputTokens ?? null,
          outputTokens: usage?.outputTokens ?? null,
        },
      });
      if (!stored) log.info("chat.reply_already_ended", { messageId: assistantId });
      await touchConversation({ id: conversationId, userId });
    } catch (error) {
      log.error("chat.store_failed", { messageId: assistantId, error });
      await updateAssistantMessage({
        id: assistantId,
        userId,
        onlyIfStreaming: true,
        update: { status: "error", error: "The reply could not be stored." },
      }).catch(() => {});
    } finally {
      clearInterval(heartbeat);
      hub.close();
    }
  })();

  registerGeneration({ messageId: assistantId, conversationId, userId, hub, controller, done });
  void publishResumable(assistantId, hub.subscribe()).catch((error) =>
    log.error("chat.resumable_publish_failed", { messageId: assistantId, error }),
  );
  if (input.title) void nameConversation(input.title, model, conversationId, userId, hub);

  return { conversationId, assistantMessageId: assistantId, stream: hub.subscribe(), done };
}

/** PARLEY_TITLE_MODEL (e.g. a small, cheap model) when it is one of the configured models, else the reply's. */
function titleModelFor(model: ResolvedModel): ResolvedModel {
  const id = process.env.PARLEY_TITLE_MODEL?.trim();
  if (!id || model.offline) return model;
  try {
    return resolveModel(id);
  } catch {
    return model;
  }
}

async function nameConversation(
  text: string,
  model: ResolvedModel,
  conversationId: string,
  userId: string,
  hub: StreamHub,
) {
  try {
    const titleModel = titleModelFor(model);
    const title = titleModel.offline ? titleFromText(text) : await generateTitle(titleModel, text);
    if (await setTitleIfEmpty({ id: conversationId, userId, title })) {
      hub.push({ type: "data-title", data: { conversationId, title }, transient: true });
    }
  } catch (error) {
    log.warn("chat.title_failed", { conversationId, error });
  }
}

async function saveSnapshot(messageId: string, userId: string, parts: MessagePart[]) {
  await updateAssistantMessage({
    id: messageId,
    userId,
    onlyIfStreaming: true,
    update: { parts, content: textOf(parts) },
  });
}

/** A duplicate post of a stored user message: hand back the reply being written (or already written) for it. */
async function joinReply({
  userId,
  userMessageId,
  model,
}: {
  userId: string;
  userMessageId: string;
  model: ResolvedModel;
}): Promise<ReplyHandle> {
  // The winning request creates the reply right after the user message; give it a moment.
  const deadline = Date.now() + 10_000;
  for (;;) {
    const replies = await getReplies({ parentId: userMessageId, userId });
    const reply = replies.findLast((m) => m.role === "assistant");
    if (reply) return joinExisting(reply, userId, model);
    if (Date.now() > deadline) {
      throw new AppError("conflict:message", { message: "This message is already being answered." });
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function joinExisting(reply: Message, userId: string, model: ResolvedModel): Promise<ReplyHandle> {
  const local = localGeneration(reply.id);
  if (local) {
    return {
      conversationId: reply.conversationId,
      assistantMessageId: reply.id,
      stream: local.hub.subscribe(),
      done: local.done,
    };
  }
  if (reply.status === "streaming") {
    const remote = await resumeFromRedis(reply.id);
    if (remote) {
      return {
        conversationId: reply.conversationId,
        assistantMessageId: reply.id,
        stream: remote.pipeThrough(sseToChunks()),
        done: waitUntilStored(reply.id, userId),
      };
    }
  }
  const latest = (await getMessage({ id: reply.id, userId })) ?? reply;
  return {
    conversationId: reply.conversationId,
    assistantMessageId: reply.id,
    stream: streamOf(replayChunks(latest, metadataOf(latest, model))),
    done: Promise.resolve(),
  };
}

function metadataOf(message: Message, model: ResolvedModel): ReplyMetadata {
  return {
    modelId: message.modelId ?? model.id,
    modelLabel: message.modelId === model.id || !message.modelId ? model.label : message.modelId,
    status: message.status as ReplyMetadata["status"],
    conversationId: message.conversationId,
  };
}

/** Polls until the reply leaves `streaming` (for a generation running on another instance). */
export async function waitUntilStored(messageId: string, userId: string, timeoutMs = 10 * 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const message = await getMessage({ id: messageId, userId });
    if (message?.status !== "streaming") return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Parses the SSE text of a resumed Redis stream back into UI chunks. */
export function sseToChunks(): TransformStream<string, UIMessageChunk> {
  let buffer = "";
  return new TransformStream({
    transform(text, controller) {
      buffer += text;
      let end = buffer.indexOf("\n\n");
      while (end !== -1) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = event
          .split("\n")
          .filter((line) => line.startsWith("data: "))
          .map((line) => line.slice(6))
          .join("\n");
        if (data && data !== "[DONE]") {
          try {
            controller.enqueue(JSON.parse(data) as UIMessageChunk);
          } catch {
            // not a chunk
          }
        }
        end = buffer.indexOf("\n\n");
      }
    },
  });
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === "AbortError" || error.name === "ResponseAborted");
}

/** A message safe to show the person; the cause stays in the logs. */
export function describeModelError(error: unknown): string {
  if (APICallError.isInstance(error)) {
    if (error.statusCode === 401 || error.statusCode === 403) return "The model server refused the credentials.";
    if (error.statusCode === 429) return "The model server is rate limiting requests. Try again shortly.";
    if (error.statusCode) return `The model server returned an error (HTTP ${error.statusCode}).`;
    return "The model server could not be reached.";
  }
  const text = error instanceof Error ? `${error.name} ${error.message} ${String(error.cause ?? "")}` : String(error);
  if (/ECONNREFUSED|ENOTFOUND|fetch failed|connect/i.test(text)) return "The model server could not be reached.";
  if (/terminated|socket|ECONNRESET|other side closed|premature|aborted/i.test(text)) {
    return "The connection to the model server was lost mid-reply.";
  }
  return "The model failed to answer.";
}

export function textOf(parts: MessagePart[]): string {
  return parts
    .filter((p) => p.type === "text" && typeof p.text === "string")
    .map((p) => p.text as string)
    .join("");
}

function toolCallsOf(parts: MessagePart[]) {
  return parts
    .filter((p) => p.type.startsWith("tool-") && typeof p.toolCallId === "string")
    .map((p) => ({ toolCallId: p.toolCallId, toolName: p.type.slice(5), input: p.input ?? null }));
}

function toolOutputsOf(parts: MessagePart[]) {
  return parts
    .filter((p) => p.type.startsWith("tool-") && (p.state === "output-available" || p.state === "output-error"))
    .map((p) => ({
      toolCallId: p.toolCallId,
      toolName: p.type.slice(5),
      ...(p.state === "output-available" ? { output: p.output ?? null } : { errorText: p.errorText ?? null }),
    }));
}
