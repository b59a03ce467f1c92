import type { UIMessageChunk } from "ai";
import { ModelTimeout } from "./model-errors";

/**
 * Aborts a model call (with a `ModelTimeout` reason) when no output arrives within the first-token timeout,
 * or when output stops for the idle timeout. `saw` is called with every chunk of the reply.
 */
export function watchModel(
  controller: AbortController,
  { firstTokenSeconds, idleSeconds }: { firstTokenSeconds: number; idleSeconds: number },
) {
  let timer = arm(new ModelTimeout("first_token", firstTokenSeconds));
  function arm(reason: ModelTimeout) {
    return setTimeout(() => controller.abort(reason), reason.seconds * 1000);
  }
  return {
    saw(chunk: UIMessageChunk) {
      if (chunk.type === "start" || chunk.type === "start-step" || controller.signal.aborted) return;
      clearTimeout(timer);
      timer = arm(new ModelTimeout("idle", idleSeconds));
    },
    stop() {
      clearTimeout(timer);
    },
  };
}
