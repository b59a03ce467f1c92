import "server-only";
import { z } from "zod";
import type { ConnectionKind, DiscoveredModel } from "../db/connections";

/** Asking a model server what it offers: the admin's "Test" and "Refresh", and /api/health. */

const TIMEOUT_MS = 10_000;
// A list of models is small; a server answering more is hostile or broken.
const MAX_BODY_BYTES = 4 * 1024 * 1024;
const MAX_MODELS = 2000;
const MAX_ID = 200;

export const DEFAULT_BASE_URLS: Record<ConnectionKind, string> = {
  "openai-compatible": "https://api.openai.com/v1",
  openai: "https://api.openai.com/v1",
  anthropic: "https://api.anthropic.com/v1",
  google: "https://generativelanguage.googleapis.com/v1beta",
};

export interface ServerTarget {
  kind: ConnectionKind;
  baseUrl: string | null;
  apiKey: string | null;
}

export interface ProbeResult {
  ok: boolean;
  /** HTTP status, or null when nothing answered. */
  status: number | null;
  /** What the server said, in a sentence an admin can act on (never the key). */
  message: string;
  models: DiscoveredModel[];
}

export function baseUrlOf(target: Pick<ServerTarget, "kind" | "baseUrl">): string {
  let base = target.baseUrl || DEFAULT_BASE_URLS[target.kind];
  while (base.endsWith("/")) base = base.slice(0, -1);
  return base;
}

function listRequest(target: ServerTarget): { url: string; headers: Record<string, string> } {
  const base = baseUrlOf(target);
  const key = target.apiKey;
  if (target.kind === "anthropic") {
    return {
      url: `${base}/models?limit=1000`,
      headers: { "anthropic-version": "2023-06-01", ...(key ? { "x-api-key": key } : {}) },
    };
  }
  if (target.kind === "google") {
    return { url: `${base}/models?pageSize=1000`, headers: key ? { "x-goog-api-key": key } : {} };
  }
  return { url: `${base}/models`, headers: key ? { authorization: `Bearer ${key}` } : {} };
}

const Id = z.string().trim().min(1).max(MAX_ID);
const OpenAiList = z.object({
  data: z
    .array(
      z.looseObject({
        id: Id,
        // vLLM, OpenRouter, LM Studio and llama.cpp name the window differently.
        max_model_len: z.number().int().positive().optional().catch(undefined),
        context_length: z.number().int().positive().optional().catch(undefined),
        context_window: z.number().int().positive().optional().catch(undefined),
        architecture: z
          .object({ input_modalities: z.array(z.string()).optional() })
          .optional()
          .catch(undefined),
      }),
    )
    .max(MAX_MODELS),
});
const AnthropicList = z.object({
  data: z
    .array(z.looseObject({ id: Id, display_name: z.string().max(MAX_ID).optional().catch(undefined) }))
    .max(MAX_MODELS),
});
const GoogleList = z.object({
  models: z
    .array(
      z.looseObject({
        name: Id,
        displayName: z.string().max(MAX_ID).optional().catch(undefined),
        inputTokenLimit: z.number().int().positive().optional().catch(undefined),
        supportedGenerationMethods: z.array(z.string()).optional().catch(undefined),
      }),
    )
    .max(MAX_MODELS),
});

// Embedding, speech and image models are listed by most servers but cannot chat.
const NOT_CHAT = /embed|whisper|tts|dall-e|moderation|transcribe|rerank|gpt-image|imagen|veo|audio|realtime/i;
const VISION =
  /gpt-4o|gpt-4\.1|gpt-5|o3|o4|vision|[-_.]vl\b|-vl-|llava|pixtral|gemini|claude|gemma-?3|llama-?4|minicpm-v|qwen2\.5vl/i;
const REASONING =
  /(^|[^a-z])o[134]([^a-z]|$)|gpt-5|gpt-oss|r1|reason|think|qwq|qwen3|magistral|claude-(3-7|sonnet-4|opus-4|haiku-4)|gemini-2\.5|gemini-3/i;

// Families whose servers take a reasoning effort or a thinking budget (others ignore or refuse it).
const EFFORT =
  /(^|[^a-z])o[34]([^a-z]|$)|gpt-5|gpt-oss|claude-(3-7|sonnet-4|opus-4|haiku-4)|gemini-2\.5|gemini-3|grok-3-mini|qwen3/i;

/** Sensible capability defaults from what the server said, else from the model's family name. */
export function guessCapabilities(
  id: string,
): Pick<DiscoveredModel, "vision" | "tools" | "reasoning" | "reasoningEffort"> {
  return { vision: VISION.test(id), tools: true, reasoning: REASONING.test(id), reasoningEffort: EFFORT.test(id) };
}

export function parseModelList(kind: ConnectionKind, body: unknown): DiscoveredModel[] | null {
  if (kind === "anthropic") {
    const parsed = AnthropicList.safeParse(body);
    if (!parsed.success) return null;
    return parsed.data.data.map((m) => ({
      remoteId: m.id,
      label: m.display_name,
      ...guessCapabilities(m.id),
      vision: true,
      contextWindow: 200_000,
    }));
  }
  if (kind === "google") {
    const parsed = GoogleList.safeParse(body);
    if (!parsed.success) return null;
    return parsed.data.models
      .filter((m) => !m.supportedGenerationMethods || m.supportedGenerationMethods.includes("generateContent"))
      .map((m) => {
        const remoteId = m.name.replace(/^models\//, "");
        return {
          remoteId,
          label: m.displayName,
          ...guessCapabilities(remoteId),
          contextWindow: m.inputTokenLimit ?? null,
        };
      })
      .filter((m) => !NOT_CHAT.test(m.remoteId));
  }
  const parsed = OpenAiList.safeParse(body);
  if (!parsed.success) return null;
  return parsed.data.data
    .filter((m) => !NOT_CHAT.test(m.id))
    .map((m) => {
      const guessed = guessCapabilities(m.id);
      const modalities = m.architecture?.input_modalities;
      return {
        remoteId: m.id,
        ...guessed,
        vision: modalities ? modalities.includes("image") : guessed.vision,
        contextWindow: m.max_model_len ?? m.context_length ?? m.context_window ?? null,
      };
    });
}

async function readBounded(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw new Error("too_large");
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function serverMessage(text: string, key: string | null): string {
  let said = text;
  try {
    const json: unknown = JSON.parse(text);
    const error = (json as { error?: unknown })?.error;
    if (typeof error === "string") said = error;
    else if (error && typeof (error as { message?: unknown }).message === "string")
      said = (error as { message: string }).message;
  } catch {
    // Not JSON: show the text as it came.
  }
  said = said.replace(/\s+/g, " ").trim().slice(0, 300).trimEnd();
  while (said.endsWith(".")) said = said.slice(0, -1).trimEnd();
  if (key && key.length >= 4) said = said.split(key).join("•••");
  return said;
}

/** Lists the server's models; never throws (what went wrong is the answer). */
export async function probeServer(
  target: ServerTarget,
  { timeoutMs = TIMEOUT_MS }: { timeoutMs?: number } = {},
): Promise<ProbeResult> {
  const { url, headers } = listRequest(target);
  let response: Response;
  try {
    response = await fetch(url, { headers, redirect: "error", signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    return {
      ok: false,
      status: null,
      message: timedOut ? `No answer within ${timeoutMs / 1000} s from ${url}.` : `Could not reach ${url}.`,
      models: [],
    };
  }
  let text: string;
  try {
    text = await readBounded(response);
  } catch {
    return {
      ok: false,
      status: response.status,
      message: `HTTP ${response.status}, but the answer was too large.`,
      models: [],
    };
  }
  if (!response.ok) {
    const said = serverMessage(text, target.apiKey);
    const hint = response.status === 401 || response.status === 403 ? " Check the API key." : "";
    return {
      ok: false,
      status: response.status,
      message: `HTTP ${response.status}${said ? `: ${said}` : ""}.${hint}`,
      models: [],
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {
      ok: false,
      status: response.status,
      message: `HTTP ${response.status}, but the answer was not JSON.`,
      models: [],
    };
  }
  const models = parseModelList(target.kind, json);
  if (!models) {
    return {
      ok: false,
      status: response.status,
      message: `HTTP ${response.status}, but the answer was not a list of models. Add model ids by hand.`,
      models: [],
    };
  }
  return {
    ok: true,
    status: response.status,
    message: `HTTP ${response.status}: ${models.length} chat model${models.length === 1 ? "" : "s"} listed.`,
    models,
  };
}
