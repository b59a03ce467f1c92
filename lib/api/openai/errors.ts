import type { AppError } from "../../errors";
import type { ErrorFormat } from "../../http";

// The OpenAI-compatible routes answer errors the way OpenAI's API does, so its SDKs raise the right exception
// (AuthenticationError, PermissionDeniedError, NotFoundError, RateLimitError, BadRequestError…) with a message.

/** What OpenAI's clients read: `{ error: { message, type, param, code } }`. */
export interface OpenAiErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

const TYPE_BY_STATUS: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "permission_error",
  404: "not_found_error",
  409: "invalid_request_error",
  413: "invalid_request_error",
  429: "rate_limit_error",
  503: "server_error",
};

// OpenAI's own codes where clients look for them; otherwise Parley's code (e.g. `forbidden:scope`).
const OPENAI_CODES: Record<string, string> = {
  unauthorized: "invalid_api_key",
  "unauthorized:token": "invalid_api_key",
  "not_found:model": "model_not_found",
  "rate_limited:chat:messages": "rate_limit_exceeded",
  "rate_limited:chat:tokens": "tokens_per_day_exceeded",
  rate_limited: "rate_limit_exceeded",
};

/** OpenAI answers bad input with 400, where the rest of Parley's API says 415 or 422. */
function openAiStatus(error: AppError): number {
  if (error.kind === "validation" || error.kind === "unsupported_media_type") return 400;
  return error.status;
}

export function toOpenAiError(error: AppError): OpenAiErrorBody {
  const status = openAiStatus(error);
  return {
    error: {
      message: error.message,
      type: TYPE_BY_STATUS[status] ?? (status >= 500 ? "server_error" : "invalid_request_error"),
      param: error.fields?.[0]?.field ?? null,
      code: OPENAI_CODES[error.code] ?? error.code,
    },
  };
}

export const openAiErrorFormat: ErrorFormat = (error) => ({
  status: openAiStatus(error),
  body: toOpenAiError(error),
  // OpenAI's SDKs retry 429s; a daily allowance will not come back in a few seconds.
  headers: error.code === "rate_limited:chat:tokens" ? { "x-should-retry": "false" } : undefined,
});
