import "server-only";
import {
  isStepCount,
  readUIMessageStream,
  streamText,
  toUIMessageStream,
  type UIMessage,
  type UIMessageChunk,
} from "ai";
import type { ResolvedModel } from "../ai/providers";
import { timeReasoning } from "../ai/reasoning";
import type { ReasoningEffort } from "../ai/reasoning-effort";
import { replyTools } from "../ai/tools";
import { ToolFailure } from "../ai/tools/tool-failure";
import { type Conversation, touchConversation } from "../db/conversations";
import type { Message, MessagePart } from "../db/messages";
import type { getPreferences } from "../db/preferences";
import { log } from "../log";
import { projectContext } from "../projects/retrieval";
import { SOURCES_PART, type Source } from "../projects/sources";
import { mark } from "../timing";
import { CONTEXT_TRIMMED_PART } from "./context-window";
import { finishMetadata } from "./finish-metadata";
import type { HistoryMessage } from "./history";
import { StreamHub } from "./hub";
import { describeModelError, isAbort, isErrorAbort, ServerRestarting, STREAM_CUT } from "./model-errors";
import { type ContextNotice, modelInput } from "./model-input";
import { watchModel } from "./model-watchdog";
import { nameConversation } from "./naming";
import { toolNameOf } from "./parts";
import { registerGeneration } from "./registry";
import { replayChunks } from "./replay";
import { publishResumable } from "./resumable";
import { replySettings } from "./settings";
import type { ReplyHandle, ReplyMetadata } from "./types";
import { type FinalReply, NOT_SAVED_ERROR, ReplyWriter } from "./writer";

const MAX_STEPS = 5;

export type ReplyState = "streaming" | "complete" | "aborted" | "error";

export interface ReplyPlan {
  userId: string;
  conversation: Conversation;
  /** The stored user message being answered, and the reply's stored (streaming) row. */
  parentId: string;
  assistantId: string;
  /** The thread from the root to the parent, for the model. */
  history: HistoryMessage[];
  model: ResolvedModel;
  /** When set, the conversation gets a title from this first message. */
  title: string | null;
  /** Writes that need not delay the first token: run once it has been sent. */
  housekeeping: (() => Promise<unknown>)[];
  /** The person's preferences when already read (with the conversation); else read before the model call. */
  preferences?: Awaited<ReturnType<typeof getPreferences>>;
  /** Tokens set aside under the daily limit (lib/db/usage reserveTokens), given back once usage is recorded. */
  tokenReservation?: number | null;
  /** The person's reasoning effort, sent only to models marked as taking one. */
  reasoningEffort?: ReasoningEffort | null;
  /**
   * The reply's stored parts when it continues after the person allowed or denied a tool call (the row is
   * streaming again); the new output is added to them.
   */
  continuation?: MessagePart[];
}

/**
 * One reply being generated: streaming → complete | aborted | error. The model's output fans out to any number
 * of readers (`subscribe`), reaches the database through a `ReplyWriter`, and the final `finish` chunk is sent
 * only once the stored row says the same thing as the stream.
 */
export class Reply {
  readonly id: string;
  readonly conversationId: string;
  readonly userId: string;
  readonly hub = new StreamHub();
  readonly controller = new AbortController();
  readonly done: Promise<void>;
  private state: ReplyState = "streaming";
  private errorText: string | null = null;
  private errorSent = false;
  private parts: MessagePart[];
  /** Older messages left out or summarised to fit the context window, to tell the person about once. */
  private contextNotice: ContextNotice | null = null;
  /** Project chats: the passages given to the model with the question. */
  private sources: Source[] = [];
  /** Each offered tool's stable id (mcp:<server>:<tool> / builtin:<name>), stored with a call that waits. */
  private toolRefs: Record<string, string> = {};
  private readonly writer: ReplyWriter;
  private readonly pendingHousekeeping: Promise<unknown>[] = [];
  private started = false;
  private readonly announced: UIMessageChunk[] = [];

  private constructor(private readonly plan: ReplyPlan) {
    this.id = plan.assistantId;
    this.conversationId = plan.conversation.id;
    this.userId = plan.userId;
    this.parts = plan.continuation ?? [];
    this.writer = new ReplyWriter(this.id, this.userId, replySettings().saveTimeoutMs);
    this.done = this.run();
  }

  /** Starts generating; the reply runs to its end whoever listens, and is findable on every instance. */
  static start(plan: ReplyPlan): Reply {
    const reply = new Reply(plan);
    registerGeneration(reply);
    void publishResumable(reply.id, reply.subscribe()).catch((error) =>
      log.error("chat.resumable_publish_failed", { messageId: reply.id, error }),
    );
    if (plan.title) {
      const { conversationId, userId } = reply;
      void nameConversation({
        text: plan.title,
        model: plan.model,
        conversationId,
        userId,
        announce: (c) => reply.announce(c),
      });
    }
    return reply;
  }

  /**
   * A chunk from beside the model's stream (the new title). Readers expect `start` first, and the title model
   * can answer before the reply's model has begun (tools and context are read first), so it waits for it.
   */
  private announce(chunk: UIMessageChunk): void {
    if (this.started) this.hub.push(chunk);
    else this.announced.push(chunk);
  }

  /** Every chunk of the reply goes to the readers through here. */
  private pushChunk(chunk: UIMessageChunk): void {
    this.hub.push(chunk);
    if (chunk.type === "start" && !this.started) {
      this.started = true;
      for (const waiting of this.announced.splice(0)) this.hub.push(waiting);
    }
  }

  get status(): ReplyState {
    return this.state;
  }

  subscribe(): ReadableStream<UIMessageChunk> {
    return this.hub.subscribe();
  }

  handle(created?: boolean): ReplyHandle {
    const { conversationId, id: assistantMessageId, done } = this;
    return { conversationId, assistantMessageId, stream: this.subscribe(), done, created };
  }

  stop(): void {
    this.controller.abort(new DOMException("Stopped by the user", "AbortError"));
  }

  /** This instance is shutting down: end now, stored and sent as an error the person can retry. */
  interrupt(): void {
    this.controller.abort(new ServerRestarting());
  }

  private metadata(status: ReplyState): ReplyMetadata {
    const { model } = this.plan;
    return { modelId: model.id, modelLabel: model.label, status, conversationId: this.conversationId };
  }

  private async run(): Promise<void> {
    const settings = replySettings();
    let watchdog: ReturnType<typeof watchModel> | undefined;
    let usage: PromiseLike<{ inputTokens?: number; outputTokens?: number }> = Promise.resolve({});
    // A continued reply's readers get what it already holds first: a resumed stream is a replay from the start.
    if (this.plan.continuation) this.replayContinued(this.plan.continuation);
    try {
      const { projectId } = this.plan.conversation;
      // Project chats: the project's instructions and the passages that best match the question.
      const project = projectId
        ? await projectContext({ userId: this.userId, projectId, question: questionOf(this.plan.history) })
        : null;
      this.sources = project?.sources ?? [];
      // Before the watchdog: writing a summary of older turns is a model call of its own, not this reply's wait.
      const [{ messages, instructions, notice }, tools] = await Promise.all([
        modelInput({
          history: this.modelHistory(),
          continuing: this.plan.continuation ? this.id : undefined,
          model: this.plan.model,
          conversation: this.plan.conversation,
          extraInstructions: project?.instructions,
          userId: this.userId,
          preferences: this.plan.preferences,
          signal: this.controller.signal,
        }),
        this.plan.model.tools ? replyTools(this.userId, this.conversationId, project ? projectId : null) : null,
      ]);
      this.contextNotice = notice;
      this.toolRefs = tools?.toolRefs ?? {};
      watchdog = watchModel(this.controller, {
        firstTokenSeconds: settings.firstTokenTimeoutSeconds,
        idleSeconds: settings.idleTimeoutSeconds,
      });
      mark("model call starting");
      const result = streamText({
        model: this.plan.model.model,
        instructions,
        messages,
        tools: tools?.tools,
        toolApproval: tools?.toolApproval,
        stopWhen: isStepCount(MAX_STEPS),
        // The SDK maps it per provider: reasoning_effort, Anthropic's thinking budget, Gemini's thinkingConfig.
        reasoning: (this.plan.model.reasoningEffort && this.plan.reasoningEffort) || undefined,
        providerOptions: this.plan.model.providerOptions,
        abortSignal: this.controller.signal,
        maxRetries: settings.maxRetries,
        // Reported through the UI stream's onError; this keeps the SDK from logging it twice.
        onError: () => {},
      });
      usage = result.totalUsage;
      const [forClients, forParts] = this.uiStream(result.stream.pipeThrough(timeReasoning())).tee();
      await Promise.allSettled([this.pump(forClients, watchdog.saw), this.collectParts(forParts)]);
    } catch (error) {
      this.failWith(describeModelError(error), error);
    } finally {
      watchdog?.stop();
    }
    await this.settle(usage);
  }

  private replayContinued(parts: MessagePart[]): void {
    const stored = { id: this.id, parts, error: null } as unknown as Message;
    for (const chunk of replayChunks(stored, this.metadata("streaming"))) {
      if (chunk.type !== "finish") this.pushChunk(chunk);
    }
  }

  /** The thread for the model: a continued reply is part of it (its tool call and the person's answer). */
  private modelHistory(): HistoryMessage[] {
    const { history, continuation } = this.plan;
    if (!continuation) return history;
    return [...history, { id: this.id, role: "assistant", parts: continuation, status: "complete" }];
  }

  private uiStream(stream: Parameters<typeof toUIMessageStream>[0]["stream"]): ReadableStream<UIMessageChunk> {
    const data = this.contextNotice;
    const notice: UIMessageChunk = { type: CONTEXT_TRIMMED_PART, data };
    // The passages the model was given, stored with the reply as its sources (and shown under it at once).
    const sources: UIMessageChunk | null = this.sources.length
      ? { type: SOURCES_PART, data: { sources: this.sources } }
      : null;
    return this.uiChunks(stream).pipeThrough(
      new TransformStream<UIMessageChunk, UIMessageChunk>({
        transform(chunk, controller) {
          controller.enqueue(chunk);
          if (chunk.type === "start" && data) controller.enqueue(notice);
          if (chunk.type === "start" && sources) controller.enqueue(sources);
        },
      }),
    );
  }

  private uiChunks(stream: Parameters<typeof toUIMessageStream>[0]["stream"]): ReadableStream<UIMessageChunk> {
    return toUIMessageStream({
      stream,
      generateMessageId: () => this.id,
      originalMessages: this.plan.continuation
        ? [{ id: this.id, role: "assistant", parts: this.plan.continuation as UIMessage["parts"] }]
        : ([] as UIMessage[]),
      messageMetadata: ({ part }) => {
        if (part.type === "start") return this.metadata("streaming");
        // A stream that ended without the server saying it was done is a cut-off reply, not a complete one.
        if (part.type === "finish" && part.finishReason === "interrupted") this.errorText ??= STREAM_CUT;
        return undefined;
      },
      onError: (error) => {
        // A tool that failed is the model's to handle (it gets this text as the tool's error), not the reply's.
        if (error instanceof ToolFailure) return error.message;
        const reason = this.controller.signal.reason;
        this.errorText = isErrorAbort(reason) ? reason.message : describeModelError(error);
        if (!isAbort(error)) log.warn("chat.model_error", { messageId: this.id, error });
        this.errorSent = true;
        return this.errorText;
      },
    });
  }

  /** Model chunks to the readers; `finish` is held back until the reply is stored (see `settle`). */
  private async pump(stream: ReadableStream<UIMessageChunk>, saw: (chunk: UIMessageChunk) => void): Promise<void> {
    const reader = stream.getReader();
    let firstTextSent = false;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        saw(value);
        if (value.type === "finish") continue;
        // A timeout ends the call through its abort signal; readers get an error, not "stopped".
        if (value.type === "abort" && isErrorAbort(this.controller.signal.reason)) continue;
        this.pushChunk(value);
        if (value.type === "text-delta" || value.type === "tool-input-available") this.startHousekeeping();
        if (value.type === "text-delta" && !firstTextSent) {
          firstTextSent = true;
          // Node writes a response's chunks once the promise jobs in flight are done. When the model's first
          // words arrive in one read with many more, the first would wait until all of them had passed every
          // stream; one turn of the event loop here sends it on its own first.
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
    } catch (error) {
      // The model stream broke (e.g. the server dropped the connection).
      if (!this.controller.signal.aborted || isErrorAbort(this.controller.signal.reason)) {
        this.failWith(describeModelError(error), error);
      }
    }
  }

  private async collectParts(stream: ReadableStream<UIMessageChunk>): Promise<void> {
    try {
      const continued = this.plan.continuation
        ? {
            id: this.id,
            role: "assistant" as const,
            parts: structuredClone(this.plan.continuation) as UIMessage["parts"],
          }
        : undefined;
      for await (const message of readUIMessageStream({ message: continued, stream, onError: () => {} })) {
        this.parts = message.parts as MessagePart[];
        this.rememberToolRefs(this.parts);
        this.writer.update(this.parts);
      }
    } catch (error) {
      log.warn("chat.parts_failed", { messageId: this.id, error });
    }
  }

  /** A call waiting for the person's Allow keeps which tool it is (its stable id), checked when allowed. */
  private rememberToolRefs(parts: MessagePart[]): void {
    for (const part of parts) {
      const approval = part.approval as Record<string, unknown> | undefined;
      if (part.state !== "approval-requested" || !approval || approval.toolRef !== undefined) continue;
      const ref = this.toolRefs[toolNameOf(part)];
      if (ref) approval.toolRef = ref;
    }
  }

  private failWith(text: string, error: unknown): void {
    this.errorText ??= text;
    log.warn("chat.model_stream_failed", { messageId: this.id, error });
  }

  private finalState(): ReplyState {
    const reason = this.controller.signal.reason;
    if (isErrorAbort(reason)) {
      this.errorText = reason.message;
      return "error";
    }
    if (this.controller.signal.aborted) return "aborted";
    return this.errorText ? "error" : "complete";
  }

  /** Stores the final state, then ends every reader's stream with what was stored. */
  private async settle(usagePromise: PromiseLike<{ inputTokens?: number; outputTokens?: number }>): Promise<void> {
    this.startHousekeeping();
    await Promise.allSettled(this.pendingHousekeeping);
    const state = this.finalState();
    const usage = await Promise.race([
      Promise.resolve(usagePromise).catch(() => null),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 1000)),
    ]);
    const final: FinalReply = {
      parts: this.parts,
      status: state === "streaming" ? "complete" : state,
      error: state === "error" ? this.errorText : null,
      inputTokens: usage?.inputTokens ?? null,
      outputTokens: usage?.outputTokens ?? null,
      // Recorded with the row, in its transaction (retried with it when the database is down).
      modelId: this.plan.model.id,
      tokenReservation: this.plan.tokenReservation ?? null,
    };
    const stored = await this.writer.finish(final);
    this.state = stored ? final.status : "error";
    if (!stored) this.errorText = NOT_SAVED_ERROR;
    if (this.state === "error" && (!this.errorSent || !stored)) {
      this.hub.push({ type: "error", errorText: this.errorText ?? "The reply failed." });
    }
    const where = { conversationId: this.conversationId, replyId: this.id, parentId: this.plan.parentId };
    this.hub.push({
      type: "finish",
      messageMetadata: await finishMetadata(this.metadata(this.state), stored ? where : null),
    });
    this.hub.close();
    if (!stored) void this.writer.finishLate(final);
    if (stored) await touchConversation({ id: this.conversationId, userId: this.userId }).catch(() => {});
  }

  private startHousekeeping(): void {
    for (const task of this.plan.housekeeping.splice(0)) {
      this.pendingHousekeeping.push(task().catch((error) => log.warn("chat.housekeeping_failed", { error })));
    }
  }
}

/** The text of the newest user message: what the project's passages are searched for. */
function questionOf(history: HistoryMessage[]): string {
  const last = history.findLast((m) => m.role === "user");
  return (last?.parts ?? [])
    .map((p) => (p.type === "text" && typeof p.text === "string" ? p.text : ""))
    .join(" ")
    .slice(0, 2000);
}
