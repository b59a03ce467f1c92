/** The kinds of model server a connection can be (shared by the forms, the database layer and the registry). */
export const CONNECTION_KINDS = ["openai-compatible", "openai", "anthropic", "google"] as const;
export type ConnectionKind = (typeof CONNECTION_KINDS)[number];

export const CONNECTION_KIND_LABELS: Record<ConnectionKind, string> = {
  "openai-compatible": "OpenAI-compatible (OpenAI, Ollama, vLLM, LM Studio, llama.cpp, OpenRouter, LiteLLM…)",
  openai: "OpenAI Responses API (shows o-series and GPT-5 reasoning summaries)",
  anthropic: "Anthropic",
  google: "Google Gemini",
};
