import "server-only";
import { randomUUID } from "node:crypto";
import {
  APICallError,
  generateText,
  jsonSchema,
  type LanguageModelUsage,
  Output,
  streamText,
  type ToolSet,
  tool,
} from "ai";
import { getModel, listModels, type ResolvedModel } from "../../ai/providers";
import type { Principal } from "../../auth/api-principal";
import { getPermissions, modelAllowed } from "../../auth/permissions";
import { describeModelError } from "../../chat/model-errors";
import { RESERVED_OUTPUT_TOKENS, releaseUnused, reserveDailyTokens, tooFast } from "../../chat/send-limits";
import { messageRateRule, replySettings } from "../../chat/settings";
import { recordUsage } from "../../db/usage";
import { AppError, isAppError } from "../../errors";
import { STREAM_HEADERS } from "../../http";
import { log } from "../../log";
import { hit } from "../../rate-limit";
import { type Completed, chunkTranslator, finishReason } from "./chunks";
import { keepAsConversation } from "./keep";
import { toModelMessages } from "./messages";
import type { ChatCompletion, ChatCompletionRequest } from "./schemas";

function usageOf(usage: LanguageModelUsage | undefined) {
  const prompt = usage?.inputTokens ?? 0;
  const completion = usage?.outputTokens ?? 0;
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

/**
 * Tokens set aside while a call runs, as a chat reply does (lib/chat/send-limits.ts): its messages at about 4
 * characters a token, plus its output up to what a reply reserves.
 */
function estimateTokens(request: ChatCompletionRequest): number {
  const output = request.max_completion_tokens ?? request.max_tokens ?? RESERVED_OUTPUT_TOKENS;
  return Math.ceil(JSON.stringify(request.messages).length / 4) + Math.min(output, RESERVED_OUTPUT_TOKENS);
}

/**
 * A configured model the caller's role allows (404 when unknown, 403 when the role does not include it), and
 * the call's token reservation under the daily limit, which `finish` gives back once the usage is recorded.
 */
async function allowedModel(
  userId: string,
  request: ChatCompletionRequest,
): Promise<{ model: ResolvedModel; reservation: number | null }> {
  const id = request.model;
  const known = (await listModels()).some((m) => m.id === id);
  if (!known) {
    throw new AppError("not_found:model", {
      message: `The model "${id}" does not exist. GET /api/v1/models lists the models you can use.`,
      fields: [{ field: "model", message: "Not one of the configured models." }],
    });
  }
  const permissions = await getPermissions(userId);
  if (!modelAllowed(permissions, id)) {
    throw new AppError("forbidden:model", {
      message: `Your role does not allow the model "${id}".`,
      fields: [{ field: "model", message: "Not one of the models your role allows." }],
    });
  }
  // Counted like a chat message, and refused once today's tokens are used up.
  const rule = messageRateRule(permissions.messagesPerMinute);
  const rate = await hit(rule, userId);
  if (!rate.allowed) throw tooFast(rule.limit, rate.retryAfterSeconds);
  const reservation = await reserveDailyTokens(userId, permissions, estimateTokens(request));
  return { model: await getModel(id), reservation };
}

/** The client's tools, without `execute`: the model may call them, the client runs them. */
function clientTools(request: ChatCompletionRequest): ToolSet | undefined {
  if (!request.tools?.length || request.tool_choice === "none") return undefined;
  return Object.fromEntries(
    request.tools.map((t) => [
      t.function.name,
      tool({
        description: t.function.description,
        inputSchema: jsonSchema(t.function.parameters ?? { type: "object", properties: {} }),
      }),
    ]),
  );
}

function toolChoice(request: ChatCompletionRequest) {
  const choice = request.tool_choice;
  if (!choice || !request.tools?.length || choice === "none") return undefined;
  if (typeof choice === "string") return choice;
  if (!request.tools.some((t) => t.function.name === choice.function.name)) {
    throw new AppError("validation", {
      message: `tool_choice: "${choice.function.name}" is not one of the tools.`,
      fields: [{ field: "tool_choice", message: "Name one of the tools." }],
    });
  }
  return { type: "tool" as const, toolName: choice.function.name };
}

function output(request: ChatCompletionRequest) {
  const format = request.response_format;
  if (!format || format.type === "text") return undefined;
  if (format.type === "json_object") return Output.json();
  const { name, description, schema } = format.json_schema;
  return schema ? Output.object({ schema: jsonSchema(schema), name, description }) : Output.json({ name, description });
}

/** What the AI SDK call needs, from OpenAI's request. */
function callOptions(request: ChatCompletionRequest, model: ResolvedModel, abortSignal: AbortSignal) {
  const stop = request.stop;
  return {
    model: model.model,
    messages: toModelMessages(request.messages),
    allowSystemInMessages: true,
    tools: clientTools(request),
    toolChoice: toolChoice(request),
    output: output(request),
    temperature: request.temperature ?? undefined,
    topP: request.top_p ?? undefined,
    maxOutputTokens: request.max_completion_tokens ?? request.max_tokens ?? undefined,
    stopSequences: stop == null ? undefined : typeof stop === "string" ? [stop] : stop,
    presencePenalty: request.presence_penalty ?? undefined,
    frequencyPenalty: request.frequency_penalty ?? undefined,
    seed: request.seed ?? undefined,
    abortSignal,
    maxRetries: replySettings().maxRetries,
    // Images given by URL go to the model server as URLs: Parley itself never fetches them (no SSRF).
    experimental_download: async (requests: unknown[]) => requests.map(() => null),
  };
}

/** A model server's refusal of the request (context too long, a bad parameter) reaches the client as 400. */
export function modelFailure(error: unknown): AppError {
  if (isAppError(error)) return error;
  if (APICallError.isInstance(error) && error.statusCode && [400, 404, 413, 422].includes(error.statusCode)) {
    const detail = /"message"\s*:\s*"([^"]{1,500})/.exec(error.responseBody ?? "")?.[1];
    return new AppError("bad_request:model", {
      message: `The model server refused the request (HTTP ${error.statusCode})${detail ? `: ${detail}` : "."}`,
    });
  }
  return new AppError("unavailable:model", { message: describeModelError(error), cause: error });
}

async function finish(
  principal: Principal,
  model: ResolvedModel,
  request: ChatCompletionRequest,
  done: Completed,
  reservation: number | null,
) {
  await recordUsage({
    userId: principal.userId,
    modelId: model.id,
    inputTokens: done.usage?.inputTokens ?? null,
    outputTokens: done.usage?.outputTokens ?? null,
  }).catch((error) => log.warn("openai.usage_not_recorded", { error }));
  await releaseUnused(reservation);
  if (principal.apiKey?.keepConversations) {
    await keepAsConversation({ userId: principal.userId, modelId: model.id, request, reply: done }).catch((error) =>
      log.warn("openai.conversation_not_kept", { error }),
    );
  }
}

/** POST /chat/completions: one answer, whole or streamed, from the model the caller named. */
export async function chatCompletion(
  principal: Principal,
  request: ChatCompletionRequest,
  signal: AbortSignal,
): Promise<Response | { body: ChatCompletion }> {
  const { model, reservation } = await allowedModel(principal.userId, request);
  const id = `chatcmpl-${randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);
  const controller = new AbortController();
  const abort = () => controller.abort(new DOMException("The client went away", "AbortError"));
  if (signal.aborted) abort();
  else signal.addEventListener("abort", abort, { once: true });
  let options: ReturnType<typeof callOptions>;
  try {
    options = callOptions(request, model, controller.signal);
  } catch (error) {
    await releaseUnused(reservation);
    throw error;
  }
  if (request.stream) {
    return streamCompletion({ principal, model, request, options, controller, id, created, reservation });
  }

  let result: Awaited<ReturnType<typeof generateText>>;
  try {
    result = await generateText(options);
  } catch (error) {
    await finish(principal, model, request, { text: "", reasoning: "", toolCalls: [], usage: undefined }, reservation);
    throw modelFailure(error);
  } finally {
    signal.removeEventListener("abort", abort);
  }
  const toolCalls = result.toolCalls.map((call) => ({
    id: call.toolCallId,
    name: call.toolName,
    arguments: typeof call.input === "string" ? call.input : JSON.stringify(call.input ?? {}),
  }));
  const done = { text: result.text, reasoning: result.reasoningText ?? "", toolCalls, usage: result.totalUsage };
  await finish(principal, model, request, done, reservation);
  return {
    body: {
      id,
      object: "chat.completion",
      created,
      model: model.id,
      choices: [
        {
          index: 0,
          message: {
            role: "assistant",
            content: toolCalls.length && !result.text ? null : result.text,
            refusal: null,
            ...(done.reasoning ? { reasoning_content: done.reasoning } : {}),
            ...(toolCalls.length
              ? {
                  tool_calls: toolCalls.map((call) => ({
                    id: call.id,
                    type: "function" as const,
                    function: { name: call.name, arguments: call.arguments },
                  })),
                }
              : {}),
          },
          logprobs: null,
          finish_reason: finishReason(result.finishReason),
        },
      ],
      usage: usageOf(result.totalUsage),
    },
  };
}

interface StreamInput {
  principal: Principal;
  model: ResolvedModel;
  request: ChatCompletionRequest;
  options: ReturnType<typeof callOptions>;
  controller: AbortController;
  id: string;
  created: number;
  reservation: number | null;
}

const encoder = new TextEncoder();

/** The answer as OpenAI's `chat.completion.chunk` events; a client that goes away cancels the model call. */
function streamCompletion(input: StreamInput): Response {
  const { principal, model, request, options, controller, id, created, reservation } = input;
  const result = streamText({ ...options, onError: () => {} });
  const includeUsage = request.stream_options?.include_usage === true;
  const { chunk, translate, done, state } = chunkTranslator({
    id,
    created,
    modelId: model.id,
    describeError: modelFailure,
  });
  const body = new ReadableStream<Uint8Array>({
    async start(stream) {
      const send = (text: string) => {
        try {
          stream.enqueue(encoder.encode(text));
        } catch {
          // The client is gone: the abort below has already stopped the model.
        }
      };
      send(chunk({ role: "assistant", content: "" }));
      let failed = false;
      try {
        for await (const part of result.stream) {
          const text = translate(part);
          if (part.type === "error") failed = true;
          if (text) send(text);
        }
      } catch (error) {
        failed = true;
        if (!controller.signal.aborted) send(translate({ type: "error", error }) ?? "");
      }
      if (!controller.signal.aborted) {
        if (!state.finished && !failed) send(chunk({}, "stop"));
        // Counted before the end is announced: a client that has read [DONE] finds the call in its usage.
        await finish(principal, model, request, done, reservation);
        if (includeUsage && state.finished) {
          send(
            `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model: model.id, choices: [], usage: usageOf(done.usage) })}\n\n`,
          );
        }
        send("data: [DONE]\n\n");
        try {
          stream.close();
        } catch {}
      } else {
        await finish(principal, model, request, done, reservation);
      }
    },
    cancel() {
      controller.abort(new DOMException("The client went away", "AbortError"));
    },
  });
  return new Response(body, {
    headers: { ...STREAM_HEADERS, "content-type": "text/event-stream; charset=utf-8", "x-accel-buffering": "no" },
  });
}
