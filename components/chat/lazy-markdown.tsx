"use client";

import { lazy, memo, Suspense } from "react";

// The Markdown renderer (react-markdown, GFM, highlight.js grammars) is most of the chat page's JavaScript, so
// it is its own chunk: a new chat does not download it until a reply is on its way. Server-rendered replies keep
// their HTML while the chunk loads (React hydrates them once it arrives), and a reply rendered in the browser
// before then shows as plain text, so no text ever waits for it.
const load = () => import("./markdown");
const Renderer = lazy(() => load().then((module) => ({ default: module.Markdown })));

/** Starts downloading the renderer (e.g. when a message is sent), so the reply rarely shows the fallback. */
export function preloadMarkdown(): void {
  void load();
}

/** Model output as Markdown (see ./markdown); plain text with the same wrapping until the renderer is loaded. */
export const Markdown = memo(function Markdown({ text }: { text: string }) {
  return (
    <Suspense fallback={<div className="markdown min-w-0 break-words whitespace-pre-wrap">{text}</div>}>
      <Renderer text={text} />
    </Suspense>
  );
});
