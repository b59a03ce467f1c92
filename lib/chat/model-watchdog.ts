import type { UIMessageChunk } from "ai";
import { ModelTimeout } from "./model-errors";

/**
 * Aborts a model call (with a `ModelTimeout` reason) when no output arrives within the first-token timeout,
 * or when output stops for the idle timeout. `saw` is called with every chunk of the reply, so it only notes
 * the time: one timer per reply is re-armed when it fires early, and the error is built only when it is
 * thrown (a `new Error` and a fresh timer for every token cost 3% of the server's time at 200 streams).
 */
export function watchModel(
  controller: AbortController,
  { firstTokenSeconds, idleSeconds }: { firstTokenSeconds: number; idleSeconds: number },
) {
  let lastOutputAt: number | null = null;
  let timer = setTimeout(check, firstTokenSeconds * 1000);
  function check() {
    if (controller.signal.aborted) return;
    if (lastOutputAt === null) {
      controller.abort(new ModelTimeout("first_token", firstTokenSeconds));
      return;
    }
    const quietMs = Date.now() - lastOutputAt;
    if (quietMs >= idleSeconds * 1000) controller.abort(new ModelTimeout("idle", idleSeconds));
    else timer = setTimeout(check, idleSeconds * 1000 - quietMs);
  }
  return {
    saw(chunk: UIMessageChunk) {
      if (chunk.type === "start" || chunk.type === "start-step" || controller.signal.aborted) return;
      if (lastOutputAt === null) {
        // The idle timeout runs from the first output on, whatever was left of the first-token one.
        clearTimeout(timer);
        timer = setTimeout(check, idleSeconds * 1000);
      }
      lastOutputAt = Date.now();
    },
    stop() {
      clearTimeout(timer);
    },
  };
}
