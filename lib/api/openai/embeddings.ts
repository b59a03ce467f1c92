import "server-only";
import { embedMany } from "ai";
import { getEmbeddingModel, listEmbeddingModels, listModels } from "../../ai/providers";
import type { Principal } from "../../auth/api-principal";
import { getPermissions, modelAllowed } from "../../auth/permissions";
import { releaseUnused, reserveDailyTokens } from "../../chat/send-limits";
import { replySettings } from "../../chat/settings";
import { recordUsage } from "../../db/usage";
import { AppError } from "../../errors";
import { modelFailure } from "./completions";
import type { EmbeddingRequest } from "./schemas";

// When the list was generated: OpenAI's `created` says when a model appeared; Parley knows when it was configured.
const LISTED_AT = Math.floor(Date.now() / 1000);

/** GET /models: the chat models the caller's role allows, then the embedding models. */
export async function listOpenAiModels(userId: string) {
  const [permissions, models, embeddingModels] = await Promise.all([
    getPermissions(userId),
    listModels(),
    listEmbeddingModels(),
  ]);
  const chat = models.filter((m) => modelAllowed(permissions, m.id));
  return {
    object: "list" as const,
    data: [
      ...chat.map((m) => ({
        id: m.id,
        object: "model" as const,
        created: LISTED_AT,
        owned_by: m.offline ? "parley" : "parley-connection",
      })),
      ...embeddingModels.map((m) => ({
        id: m.id,
        object: "model" as const,
        created: LISTED_AT,
        owned_by: "parley-connection",
      })),
    ],
  };
}

function base64Of(vector: number[]): string {
  return Buffer.from(new Float32Array(vector).buffer).toString("base64");
}

/**
 * POST /embeddings, passed to the configured server's embedding model. Embedding models are not on roles'
 * model lists (those list chat models); the daily token limit applies and the tokens count as usage.
 */
export async function createEmbeddings(principal: Principal, request: EmbeddingRequest, signal: AbortSignal) {
  const embedding = await getEmbeddingModel(request.model);
  if (!embedding) {
    const chat = (await listModels()).some((m) => m.id === request.model);
    throw new AppError(chat ? "validation:model" : "not_found:model", {
      message: chat
        ? `The model "${request.model}" is a chat model; it does not make embeddings.`
        : `The embedding model "${request.model}" does not exist. GET /api/v1/models lists the models you can use.`,
      fields: [{ field: "model", message: "Not one of the configured embedding models." }],
    });
  }
  const values = typeof request.input === "string" ? [request.input] : request.input;
  const estimate = Math.ceil(values.reduce((n, value) => n + value.length, 0) / 4);
  const reservation = await reserveDailyTokens(principal.userId, await getPermissions(principal.userId), estimate);
  let result: Awaited<ReturnType<typeof embedMany>>;
  try {
    result = await embedMany({
      model: embedding.model,
      values,
      dimensions: request.dimensions,
      abortSignal: signal,
      maxRetries: replySettings().maxRetries,
    });
  } catch (error) {
    await releaseUnused(reservation);
    throw modelFailure(error);
  }
  const tokens = result.usage?.tokens ?? 0;
  try {
    await recordUsage({ userId: principal.userId, modelId: embedding.id, inputTokens: tokens, outputTokens: 0 });
  } finally {
    await releaseUnused(reservation);
  }
  return {
    object: "list" as const,
    data: result.embeddings.map((vector, index) => ({
      object: "embedding" as const,
      index,
      embedding: request.encoding_format === "base64" ? base64Of(vector) : vector,
    })),
    model: embedding.id,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}
