import "server-only";
import { env } from "../env";

/** The reply engine's tunables, from the validated environment. */
export function replySettings() {
  const e = env();
  return {
    firstTokenTimeoutSeconds: e.PARLEY_MODEL_FIRST_TOKEN_TIMEOUT_SECONDS,
    idleTimeoutSeconds: e.PARLEY_MODEL_IDLE_TIMEOUT_SECONDS,
    saveTimeoutMs: e.PARLEY_REPLY_SAVE_TIMEOUT_SECONDS * 1000,
    maxRetries: e.PARLEY_MODEL_MAX_RETRIES,
  };
}

/** Messages per minute per person: the person's role's limit, else PARLEY_MESSAGES_PER_MINUTE. */
export function messageRateRule(limit = env().PARLEY_MESSAGES_PER_MINUTE) {
  return { name: "chat:messages", limit, windowSeconds: 60 };
}
