import "server-only";
import {
  isStepCount,
  readUIMessageStream,
  streamText,
  toUIMessageStream,
  type UIMessage,
  type UIMessageChunk,
} from "ai";
import { composeInstructions } from "../ai/instructions";
import type { ResolvedModel } from "../ai/providers";
import { timeReasoning } from "../ai/reasoning";
import { replyTools } from "../ai/tools";
import { ToolFailure } from "../ai/tools/tool-failure";
import { attachmentLimits } from "../attachments/limits";
import { type Conversation, touchConversation } from "../db/conversations";
import type { Message, MessagePart } from "../db/messages";
import { getPreferences } from "../db/preferences";
import { recordUsage, releaseTokens } from "../db/usage";
import { log } from "../log";
import { mark } from "../timing";
import { CONTEXT_TRIMMED_PART, fitToContext } from "./context-window";
import { type HistoryMessage, toModelMessages } from "./history";
import { StreamHub } from "./hub";
import { describeModelError, isAbort, ModelTimeout, STREAM_CUT } from "./model-errors";
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
  private toolRefs: Record<string, string> = {};
  /** Messages left out to fit the context window, to tell the person about (0: nothing to say). */
  private trimmedNotice = 0;
  private readonly writer: ReplyWriter;
  private readonly pendingHousekeeping: Promise<unknown>[] = [];

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
        announce: (c) => reply.hub.push(c),
      });
    }
    return reply;
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

  private metadata(status: ReplyState): ReplyMetadata {
    const { model } = this.plan;
    return { modelId: model.id, modelLabel: model.label, status, conversationId: this.conversationId };
  }

  private async run(): Promise<void> {
    const settings = replySettings();
    const watchdog = watchModel(this.controller, {
      firstTokenSeconds: settings.firstTokenTimeoutSeconds,
      idleSeconds: settings.idleTimeoutSeconds,
    });
    let usage: PromiseLike<{ inputTokens?: number; outputTokens?: number }> = Promise.resolve({});
    // A continued reply's readers get what it already holds first: a resumed stream is a replay from the start.
    if (this.plan.continuation) this.replayContinued(this.plan.continuation);
    try {
      const [messages, preferences, tools] = await Promise.all([
        toModelMessages(this.modelHistory(), {
          userId: this.userId,
          vision: this.plan.model.vision,
          textChars: attachmentLimits().textChars,
          continuing: this.plan.continuation ? this.id : undefined,
        }),
        this.plan.preferences ?? getPreferences(this.userId),
        this.plan.model.tools ? replyTools(this.userId, this.conversationId) : null,
      ]);
      this.toolRefs = tools?.toolRefs ?? {};
      mark("model call starting");
      const instructions = composeInstructions({
        conversationPrompt: this.plan.conversation.systemPrompt,
        customInstructions: preferences.customInstructions,
      });
      const fitted = fitToContext(messages, this.plan.model.contextWindow, instructions);
      // Said once per conversation: on the first reply that had to leave older messages out.
      const told = this.plan.history.some((m) => m.parts.some((p) => p.type === CONTEXT_TRIMMED_PART));
      this.trimmedNotice = fitted.dropped > 0 && !told ? fitted.dropped : 0;
      const result = streamText({
        model: this.plan.model.model,
        instructions,
        messages: fitted.messages,
        tools: tools?.tools,
        toolApproval: tools?.toolApproval,
        stopWhen: isStepCount(MAX_STEPS),
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
      watchdog.stop();
    }
    await this.settle(usage);
  }

  private replayContinued(parts: MessagePart[]): void {
    const stored = { id: this.id, parts, error: null } as unknown as Message;
    for (const chunk of replayChunks(stored, this.metadata("streaming"))) {
      if (chunk.type !== "finish") this.hub.push(chunk);
    }
  }

  /** The thread for the model: a continued reply is part of it (its tool call and the person's answer). */
  private modelHistory(): HistoryMessage[] {
    const { history, continuation } = this.plan;
    if (!continuation) return history;
    return [...history, { id: this.id, role: "assistant", parts: continuation, status: "complete" }];
  }

  private uiStream(stream: Parameters<typeof toUIMessageStream>[0]["stream"]): ReadableStream<UIMessageChunk> {
    const dropped = this.trimmedNotice;
    const notice: UIMessageChunk = { type: CONTEXT_TRIMMED_PART, data: { dropped } };
    return this.uiChunks(stream).pipeThrough(
      new TransformStream<UIMessageChunk, UIMessageChunk>({
        transform(chunk, controller) {
          controller.enqueue(chunk);
          if (chunk.type === "start" && dropped > 0) controller.enqueue(notice);
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
        this.errorText = reason instanceof ModelTimeout ? reason.message : describeModelError(error);
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
        if (value.type === "abort" && this.controller.signal.reason instanceof ModelTimeout) continue;
        this.hub.push(value);
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
      if (!this.controller.signal.aborted || this.controller.signal.reason instanceof ModelTimeout) {
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
    if (reason instanceof ModelTimeout) {
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
    };
    const stored = await this.writer.finish(final);
    this.state = stored ? final.status : "error";
    if (!stored) this.errorText = NOT_SAVED_ERROR;
    if (this.state === "error" && (!this.errorSent || !stored)) {
      this.hub.push({ type: "error", errorText: this.errorText ?? "The reply failed." });
    }
    this.hub.push({ type: "finish", messageMetadata: this.metadata(this.state) });
    this.hub.close();
    if (!stored) void this.writer.finishLate(final);
    // Counted whether or not the row could be saved: the model did the work either way.
    await recordUsage({
      userId: this.userId,
      modelId: this.plan.model.id,
      inputTokens: final.inputTokens,
      outputTokens: final.outputTokens,
    }).catch((error) => log.warn("chat.usage_not_recorded", { messageId: this.id, error }));
    // After the usage is recorded, so a limit check in between counts this reply twice, never zero times.
    if (this.plan.tokenReservation != null) {
      await releaseTokens(this.plan.tokenReservation).catch((error) =>
        log.warn("chat.reservation_not_released", { messageId: this.id, error }),
      );
    }
    if (stored) await touchConversation({ id: this.conversationId, userId: this.userId }).catch(() => {});
  }

  private startHousekeeping(): void {
    for (const task of this.plan.housekeeping.splice(0)) {
      this.pendingHousekeeping.push(task().catch((error) => log.warn("chat.housekeeping_failed", { error })));
    }
  }
}
