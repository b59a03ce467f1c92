import type { TextStreamPart, ToolSet } from "ai";

/** Where Parley keeps how long a model reasoned, on the reasoning part's provider metadata. */
export const THOUGHT_KEY = "parley";

/** The reasoning time a stored or streamed reasoning part carries, if any. */
export function thoughtMs(providerMetadata: unknown): number | null {
  const value = (providerMetadata as Record<string, { thoughtMs?: unknown } | undefined> | null | undefined)?.[
    THOUGHT_KEY
  ]?.thoughtMs;
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : null;
}

/**
 * Stamps each reasoning part's end with how long it streamed, so "Thought for 12 s" survives a reload, a share
 * and an export.
 */
export function timeReasoning<T extends ToolSet>(now: () => number = Date.now) {
  const started = new Map<string, number>();
  return new TransformStream<TextStreamPart<T>, TextStreamPart<T>>({
    transform(part, controller) {
      if (part.type === "reasoning-start") started.set(part.id, now());
      if (part.type === "reasoning-end") {
        const at = started.get(part.id);
        started.delete(part.id);
        if (at !== undefined) {
          controller.enqueue({
            ...part,
            providerMetadata: { ...part.providerMetadata, [THOUGHT_KEY]: { thoughtMs: now() - at } },
          });
          return;
        }
      }
      controller.enqueue(part);
    },
  });
}
