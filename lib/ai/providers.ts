import "server-only";
import { createAnthropic } from "@ai-sdk/anthropic";
import { createGoogleGenerativeAI } from "@ai-sdk/google";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import {
  type EmbeddingModel,
  extractReasoningMiddleware,
  type LanguageModel,
  type streamText,
  wrapLanguageModel,
} from "ai";
import {
  type ConnectionKind,
  type ConnectionWithKey,
  getDefaultModelSetting,
  getModelsVersion,
  listConnectionsWithKeys,
} from "../db/connections";
import { env } from "../env";
import { AppError } from "../errors";
import { timedFetch, timingEnabled } from "../timing";
import { baseUrlOf } from "./discovery";
import { createOfflineModel, OFFLINE_LABEL, OFFLINE_MODEL_ID } from "./offline-model";

export interface ModelInfo {
  id: string;
  label: string;
  offline: boolean;
  /** Takes images (`:vision` after the model in PARLEY_MODELS); the offline model describes them. */
  vision: boolean;
  /** The connection's name ("Environment" for the .env server, "Built-in" for the offline model). */
  connection: string;
  /** Shows its reasoning (marked by the admin or guessed from the family). */
  reasoning: boolean;
  /** Takes a reasoning effort (low / medium / high), chosen in the composer. */
  reasoningEffort: boolean;
  /** Tokens of context, when known. */
  contextWindow: number | null;
}

export interface ResolvedModel extends ModelInfo {
  model: LanguageModel;
  /** Whether the built-in tools are offered (PARLEY_TOOLS=off turns them off for servers whose models lack them). */
  tools: boolean;
  /** Sent with every call (e.g. asking OpenAI's Responses API for reasoning summaries). */
  providerOptions?: Parameters<typeof streamText>[0]["providerOptions"];
}

export const ENV_CONNECTION_NAME = "Environment";
export const BUILTIN_CONNECTION_NAME = "Built-in";
const DEFAULT_REMOTE_MODEL = "gpt-4o-mini";
// Ollama, llama.cpp and vLLM accept any key; the OpenAI client insists on one.
const PLACEHOLDER_KEY = "not-needed";

export interface ResolvedEmbeddingModel {
  id: string;
  model: EmbeddingModel;
}

interface Registry {
  models: ResolvedModel[];
  embeddings: ResolvedEmbeddingModel[];
}

let cache: { key: string; registry: Promise<Registry> } | undefined;

/** OpenAI itself gets its own provider (it knows the o-series' quirks); any other server the compatible one, which reads `reasoning_content`. */
function chatModel(
  kind: ConnectionKind,
  baseUrl: string | null,
  apiKey: string | null,
  remoteId: string,
): LanguageModel {
  const fetchOption = timingEnabled ? { fetch: timedFetch } : {};
  if (kind === "anthropic") {
    return createAnthropic({
      apiKey: apiKey ?? PLACEHOLDER_KEY,
      baseURL: baseUrlOf({ kind, baseUrl }),
      ...fetchOption,
    })(remoteId);
  }
  if (kind === "google") {
    return createGoogleGenerativeAI({
      apiKey: apiKey ?? PLACEHOLDER_KEY,
      baseURL: baseUrlOf({ kind, baseUrl }),
      ...fetchOption,
    })(remoteId);
  }
  const base = baseUrlOf({ kind, baseUrl });
  if (kind === "openai") {
    // The Responses API: the only one of OpenAI's that returns summaries of a model's reasoning.
    return createOpenAI({ apiKey: apiKey ?? PLACEHOLDER_KEY, baseURL: base, ...fetchOption }).responses(remoteId);
  }
  if (new URL(base).hostname === "api.openai.com") {
    return createOpenAI({ apiKey: apiKey ?? PLACEHOLDER_KEY, baseURL: base, ...fetchOption }).chat(remoteId);
  }
  const model = createOpenAICompatible({
    name: "openai-compatible",
    apiKey: apiKey ?? PLACEHOLDER_KEY,
    baseURL: base,
    includeUsage: true,
    // response_format json_schema: OpenAI's own shape, which vLLM, Ollama, llama.cpp and LiteLLM accept.
    supportsStructuredOutputs: true,
    ...fetchOption,
  }).chatModel(remoteId);
  // Models served raw (DeepSeek-R1, QwQ, Qwen3 on llama.cpp or older vLLM) put their reasoning in <think> tags.
  return wrapLanguageModel({ model, middleware: extractReasoningMiddleware({ tagName: "think" }) });
}

function offlineModel(delayMs: number): ResolvedModel {
  return {
    id: OFFLINE_MODEL_ID,
    label: OFFLINE_LABEL,
    offline: true,
    vision: true,
    tools: true,
    connection: BUILTIN_CONNECTION_NAME,
    reasoning: false,
    reasoningEffort: false,
    contextWindow: null,
    model: createOfflineModel({ delayMs }),
  };
}

/**
 * OPENAI_API_KEY, OPENAI_BASE_URL and PARLEY_MODELS ("id" or "id=Label", with ":vision" for models that take
 * images, comma-separated; "offline" adds the built-in model), read as today: the read-only "Environment"
 * connection.
 */
function environmentModels(offline: ResolvedModel): ResolvedModel[] {
  const config = env();
  const apiKey = config.OPENAI_API_KEY;
  const baseURL = config.OPENAI_BASE_URL;
  if (!apiKey && !baseURL) return [];
  const entries = (config.PARLEY_MODELS ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => {
      const vision = /:vision$/i.test(item);
      const [id = "", ...label] = item.replace(/:vision$/i, "").split("=");
      return { id: id.trim(), label: label.join("=").trim() || id.trim(), vision };
    })
    .filter((entry) => entry.id);
  const remote = entries.length ? entries : [{ id: DEFAULT_REMOTE_MODEL, label: DEFAULT_REMOTE_MODEL, vision: true }];
  const models: ResolvedModel[] = [];
  for (const entry of remote) {
    if (entry.id === OFFLINE_MODEL_ID) models.push(offline);
    else if (!models.some((m) => m.id === entry.id)) {
      models.push({
        id: entry.id,
        label: entry.label,
        offline: false,
        vision: entry.vision,
        tools: config.PARLEY_TOOLS,
        connection: ENV_CONNECTION_NAME,
        reasoning: false,
        reasoningEffort: false,
        contextWindow: null,
        model: chatModel("openai-compatible", baseURL ?? null, apiKey ?? null, entry.id),
      });
    }
  }
  return models;
}

/** PARLEY_EMBEDDING_MODELS (comma-separated ids) on the environment's server; none without one. */
function environmentEmbeddings(): ResolvedEmbeddingModel[] {
  const config = env();
  if (!config.OPENAI_API_KEY && !config.OPENAI_BASE_URL) return [];
  const provider = createOpenAI({
    apiKey: config.OPENAI_API_KEY ?? PLACEHOLDER_KEY,
    baseURL: config.OPENAI_BASE_URL,
    ...(timingEnabled ? { fetch: timedFetch } : {}),
  });
  const ids = new Set((config.PARLEY_EMBEDDING_MODELS ?? "").split(",").map((item) => item.trim()));
  return [...ids].filter(Boolean).map((id) => ({ id, model: provider.embedding(id) }));
}

/** What a reasoning model is asked for so that its reasoning comes back to be shown (Gemini hides it otherwise). */
function reasoningOptions(kind: ConnectionKind): ResolvedModel["providerOptions"] {
  if (kind === "google") return { google: { thinkingConfig: { includeThoughts: true } } };
  // forceReasoning: the admin's mark counts for ids the SDK does not know (it would drop the summary request).
  if (kind === "openai") return { openai: { reasoningSummary: "auto", forceReasoning: true } };
  return undefined;
}

function connectionModels(connection: ConnectionWithKey): ResolvedModel[] {
  if (!connection.enabled) return [];
  return connection.models
    .filter((m) => m.enabled)
    .map((m) => ({
      id: m.modelId,
      label: m.label,
      offline: false,
      vision: m.vision,
      tools: m.tools,
      connection: connection.name,
      reasoning: m.reasoning,
      reasoningEffort: m.reasoningEffort,
      contextWindow: m.contextWindow,
      model: chatModel(connection.kind, connection.baseUrl, connection.apiKey, m.remoteId),
      providerOptions: m.reasoning ? reasoningOptions(connection.kind) : undefined,
    }));
}

async function buildRegistry(delayMs: number): Promise<Registry> {
  const offline = offlineModel(delayMs);
  const [connections, preferred] = await Promise.all([listConnectionsWithKeys(), getDefaultModelSetting()]);
  const models: ResolvedModel[] = [];
  for (const model of [...environmentModels(offline), ...connections.flatMap(connectionModels)]) {
    // The environment's models come first and keep their ids; a connection's row never shadows them.
    if (!models.some((m) => m.id === model.id)) models.push(model);
  }
  if (models.length === 0) models.push(offline);
  const chosen = models.findIndex((m) => m.id === preferred);
  if (chosen > 0) models.unshift(...models.splice(chosen, 1));
  return { models, embeddings: environmentEmbeddings() };
}

/**
 * The environment's models, then each enabled connection's, the admin's default first. Cached per instance
 * against the environment and the version row every connection change replaces (one primary-key read per
 * call), so a change made on any instance is seen by the next request on every other.
 */
async function registry(): Promise<Registry> {
  const config = env();
  const version = await getModelsVersion();
  const key = JSON.stringify([
    config.OPENAI_API_KEY,
    config.OPENAI_BASE_URL,
    config.PARLEY_MODELS,
    config.PARLEY_OFFLINE_DELAY_MS,
    config.PARLEY_TOOLS,
    config.PARLEY_EMBEDDING_MODELS,
    version,
  ]);
  if (cache?.key !== key) {
    const registry = buildRegistry(config.PARLEY_OFFLINE_DELAY_MS);
    cache = { key, registry };
    registry.catch(() => {
      if (cache?.registry === registry) cache = undefined;
    });
  }
  return cache.registry;
}

function info({
  id,
  label,
  offline,
  vision,
  connection,
  reasoning,
  reasoningEffort,
  contextWindow,
}: ResolvedModel): ModelInfo {
  return { id, label, offline, vision, connection, reasoning, reasoningEffort, contextWindow };
}

/** The models a person can pick, default first. */
export async function listModels(): Promise<ModelInfo[]> {
  return (await registry()).models.map(info);
}

/** The configured model with this id; an unknown id is a validation error. */
export async function getModel(id: string): Promise<ResolvedModel> {
  const found = (await registry()).models.find((m) => m.id === id);
  if (!found) {
    throw new AppError("validation:model", {
      message: `Unknown model "${id}".`,
      fields: [{ field: "modelId", message: "Not one of the configured models." }],
    });
  }
  return found;
}

/** The requested model, else the conversation's if still configured, else the default. */
export async function resolveModel(requested?: string | null, remembered?: string | null): Promise<ResolvedModel> {
  if (requested) return getModel(requested);
  const models = (await registry()).models;
  return models.find((m) => m.id === remembered) ?? (models[0] as ResolvedModel);
}

/** The embedding models the configured server offers (PARLEY_EMBEDDING_MODELS); none for the offline model. */
export async function listEmbeddingModels(): Promise<{ id: string }[]> {
  return (await registry()).embeddings.map(({ id }) => ({ id }));
}

/** The configured embedding model with this id, or null. */
export async function getEmbeddingModel(id: string): Promise<ResolvedEmbeddingModel | null> {
  return (await registry()).embeddings.find((m) => m.id === id) ?? null;
}
