"use client";

import { useContext, useEffect, useRef, useState, useSyncExternalStore } from "react";
import { CopyButton } from "./copy-button";
import type { MermaidResult } from "./mermaid";
import { StreamingContext } from "./streaming-context";

function subscribeTheme(onChange: () => void): () => void {
  const media = window.matchMedia("(prefers-color-scheme: dark)");
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
  media.addEventListener("change", onChange);
  return () => {
    observer.disconnect();
    media.removeEventListener("change", onChange);
  };
}

/** The page's theme: the class on <html> pins it, none follows the device (see lib/theme.ts). */
function isDark(): boolean {
  const html = document.documentElement.classList;
  if (html.contains("dark")) return true;
  if (html.contains("light")) return false;
  return window.matchMedia("(prefers-color-scheme: dark)").matches;
}

/**
 * A ```mermaid block drawn as a diagram once the reply has finished, with a switch to its source and Copy.
 * A diagram that does not parse shows its source and mermaid's error.
 */
export function MermaidBlock({ code }: { code: string }) {
  const streaming = useContext(StreamingContext);
  const dark = useSyncExternalStore(subscribeTheme, isDark, () => false);
  const [result, setResult] = useState<MermaidResult | null>(null);
  const [showSource, setShowSource] = useState(false);
  const sourceRef = useRef<HTMLPreElement>(null);

  useEffect(() => {
    if (streaming) return;
    let current = true;
    import("./mermaid")
      .then(({ renderMermaid }) => renderMermaid(code, dark))
      .catch((error: unknown) => ({ error: error instanceof Error ? error.message : "The diagram could not load." }))
      .then((drawn) => {
        if (current) setResult(drawn);
      });
    return () => {
      current = false;
    };
  }, [code, dark, streaming]);

  const failed = result !== null && "error" in result;
  const source = showSource || failed || result === null;
  return (
    <figure
      className="group/code my-3 overflow-hidden rounded-lg border border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900"
      data-testid="mermaid"
    >
      <div className="flex items-center justify-between gap-2 border-b border-zinc-200 py-1 pr-1 pl-3 text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
        <span className="font-mono">mermaid</span>
        <span className="flex items-center gap-1">
          {result && !failed ? (
            <button
              type="button"
              aria-pressed={showSource}
              onClick={() => setShowSource((shown) => !shown)}
              className="rounded-md px-2 py-1 font-medium text-zinc-500 hover:bg-zinc-200/70 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-blue-500 dark:text-zinc-400 dark:hover:bg-zinc-700/60 dark:hover:text-zinc-100"
            >
              {showSource ? "Diagram" : "Source"}
            </button>
          ) : null}
          <CopyButton getText={() => code} />
        </span>
      </div>
      {failed ? (
        <p
          role="note"
          className="border-b border-zinc-200 px-3 py-2 text-xs text-red-700 dark:border-zinc-800 dark:text-red-300"
        >
          This diagram could not be drawn: {result.error}
        </p>
      ) : null}
      {source ? (
        <pre
          ref={sourceRef}
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard.
          tabIndex={0}
          className="overflow-x-auto p-3 font-mono text-[13px] leading-relaxed focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-blue-500"
        >
          <code>{code}</code>
        </pre>
      ) : (
        <div
          role="img"
          aria-label="Diagram"
          className="flex justify-center overflow-x-auto bg-white p-3 dark:bg-zinc-950 [&_svg]:h-auto [&_svg]:max-w-full"
          // biome-ignore lint/security/noDangerouslySetInnerHtml: mermaid's SVG in strict mode, sanitised with DOMPurify.
          dangerouslySetInnerHTML={{ __html: (result as { svg: string }).svg }}
        />
      )}
    </figure>
  );
}
