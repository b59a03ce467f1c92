import "server-only";
import { createOpenAI } from "@ai-sdk/openai";
import type { EmbeddingModel, LanguageModel } from "ai";
import { env } from "../env";
import { AppError } from "../errors";
import { timedFetch, timingEnabled } from "../timing";
import { createOfflineModel, OFFLINE_LABEL, OFFLINE_MODEL_ID } from "./offline-model";

export interface ModelInfo {
  id: string;
  label: string;
  offline: boolean;
  /** Takes images (`:vision` after the model in PARLEY_MODELS); the offline model describes them. */
  vision: boolean;
}

export interface ResolvedModel extends ModelInfo {
  model: LanguageModel;
  /** Whether the built-in tools are offered (PARLEY_TOOLS=off turns them off for servers whose models lack them). */
  tools: boolean;
}

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

let cache: { key: string; registry: Registry } | undefined;

/**
 * Reads OPENAI_API_KEY, OPENAI_BASE_URL and PARLEY_MODELS ("id" or "id=Label", with ":vision" for models that take images, comma-separated; "offline" adds
 * the built-in model). With none of them set the only model is the offline one. Read at call time (cached by
 * value) so tests and benchmarks can point it at a mock server.
 */
function registry(): Registry {
  const config = env();
  const apiKey = config.OPENAI_API_KEY;
  const baseURL = config.OPENAI_BASE_URL;
  const list = config.PARLEY_MODELS ?? "";
  const delay = config.PARLEY_OFFLINE_DELAY_MS;
  const remoteTools = config.PARLEY_TOOLS;
  const embeddingList = config.PARLEY_EMBEDDING_MODELS ?? "";
  const key = JSON.stringify([apiKey, baseURL, list, delay, remoteTools, embeddingList]);
  if (cache?.key === key) return cache.registry;

  const offline: ResolvedModel = {
    id: OFFLINE_MODEL_ID,
    label: OFFLINE_LABEL,
    offline: true,
    vision: true,
    tools: true,
    model: createOfflineModel({ delayMs: delay }),
  };
  const entries = list
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => {
      const vision = /:vision$/i.test(item);
      const [id = "", ...label] = item.replace(/:vision$/i, "").split("=");
      return { id: id.trim(), label: label.join("=").trim() || id.trim(), vision };
    })
    .filter((entry) => entry.id);
  const remoteConfigured = Boolean(apiKey || baseURL);
  const models: ResolvedModel[] = [];
  const embeddings: ResolvedEmbeddingModel[] = [];
  if (remoteConfigured) {
    const provider = createOpenAI({
      apiKey: apiKey ?? PLACEHOLDER_KEY,
      baseURL,
      ...(timingEnabled ? { fetch: timedFetch } : {}),
    });
    const remote = entries.length ? entries : [{ id: DEFAULT_REMOTE_MODEL, label: DEFAULT_REMOTE_MODEL, vision: true }];
    for (const entry of remote) {
      if (entry.id === OFFLINE_MODEL_ID) models.push(offline);
      else if (!models.some((m) => m.id === entry.id)) {
        models.push({
          id: entry.id,
          label: entry.label,
          offline: false,
          vision: entry.vision,
          tools: remoteTools,
          model: provider.chat(entry.id),
        });
      }
    }
    for (const id of new Set(embeddingList.split(",").map((item) => item.trim()))) {
      if (id) embeddings.push({ id, model: provider.embedding(id) });
    }
  }
  if (models.length === 0) models.push(offline);
  const result = { models, embeddings };
  cache = { key, registry: result };
  return result;
}

/** The models a person can pick, default first. */
export function listModels(): ModelInfo[] {
  return registry().models.map(({ id, label, offline, vision }) => ({ id, label, offline, vision }));
}

export function defaultModelId(): string {
  return registry().models[0]?.id ?? OFFLINE_MODEL_ID;
}

/** The configured model with this id; an unknown id is a validation error. */
export function getModel(id: string): ResolvedModel {
  const found = registry().models.find((m) => m.id === id);
  if (!found) {
    throw new AppError("validation:model", {
      message: `Unknown model "${id}".`,
      fields: [{ field: "modelId", message: "Not one of the configured models." }],
    });
  }
  return found;
}

/** The requested model, else the conversation's if still configured, else the default. */
export function resolveModel(requested?: string | null, remembered?: string | null): ResolvedModel {
  if (requested) return getModel(requested);
  const models = registry().models;
  return models.find((m) => m.id === remembered) ?? (models[0] as ResolvedModel);
}

/** The embedding models the configured server offers (PARLEY_EMBEDDING_MODELS); none for the offline model. */
export function listEmbeddingModels(): { id: string }[] {
  return registry().embeddings.map(({ id }) => ({ id }));
}

/** The configured embedding model with this id, or null. */
export function getEmbeddingModel(id: string): ResolvedEmbeddingModel | null {
  return registry().embeddings.find((m) => m.id === id) ?? null;
}
