"use client";

import { lazy, memo, Suspense, useMemo } from "react";
import { normalizeMath } from "@/lib/markdown/math-syntax";
import { stableStreamingText } from "@/lib/markdown/streaming";
import { StreamingContext } from "./streaming-context";

// The Markdown renderer (react-markdown, GFM, highlight.js grammars) is most of the chat page's JavaScript, so
// it is its own chunk: a new chat does not download it until a reply is on its way. Server-rendered replies keep
// their HTML while the chunk loads (React hydrates them once it arrives), and a reply rendered in the browser
// before then shows as plain text, so no text ever waits for it. KaTeX is a second chunk, loaded only for a
// reply that holds math; until it arrives that reply renders without it.
const load = () => import("./markdown");
const loadMath = () => Promise.all([load(), import("./markdown-math")]);
const Renderer = lazy(() => load().then((module) => ({ default: module.Markdown })));
const MathRenderer = lazy(() =>
  loadMath().then(([module, math]) => ({
    default: ({ text }: { text: string }) => <module.Markdown text={text} extra={math.mathPlugins} />,
  })),
);

/** Starts downloading the renderer (e.g. when a message is sent), so the reply rarely shows the fallback. */
export function preloadMarkdown(): void {
  void load();
}

/**
 * Model output as Markdown (see ./markdown); plain text with the same wrapping until the renderer is loaded.
 * While `streaming`, an unfinished table, formula or emphasis at the end is held back or closed (see
 * lib/markdown/streaming.ts) so raw syntax does not flash.
 */
export const Markdown = memo(function Markdown({ text, streaming = false }: { text: string; streaming?: boolean }) {
  const stable = useMemo(() => (streaming ? stableStreamingText(text) : text), [text, streaming]);
  const { text: source, math } = useMemo(() => normalizeMath(stable), [stable]);
  return (
    <StreamingContext value={streaming}>
      <Suspense
        fallback={
          <div className="markdown min-w-0 break-words whitespace-pre-wrap">
            {math ? normalizeMath(stable, { hide: true }).text.replaceAll("\\$", "$") : stable}
          </div>
        }
      >
        {math ? (
          <Suspense fallback={<Renderer text={normalizeMath(stable, { hide: true }).text} />}>
            <MathRenderer text={source} />
          </Suspense>
        ) : (
          <Renderer text={source} />
        )}
      </Suspense>
    </StreamingContext>
  );
});
