"use client";

// Mermaid (with its diagram types, about 1 MB) is fetched the first time a reply holds a diagram. It draws in
// "strict" mode (labels are text: no HTML, no click handlers), and its SVG is sanitised again before it is put
// in the page. Renders run one at a time: mermaid keeps one configuration and measures in a shared container.

export type MermaidResult = { svg: string } | { error: string };

const MAX_SOURCE = 50_000;
let counter = 0;
let queue: Promise<unknown> = Promise.resolve();
const loadMermaid = () => import("mermaid").then((module) => module.default);
const loadPurify = () => import("dompurify").then((module) => module.default);

export function renderMermaid(code: string, dark: boolean): Promise<MermaidResult> {
  const run = queue.then(() => draw(code, dark));
  queue = run.catch(() => undefined);
  return run;
}

async function draw(code: string, dark: boolean): Promise<MermaidResult> {
  if (code.length > MAX_SOURCE) return { error: `The diagram is too long to draw (over ${MAX_SOURCE} characters).` };
  const [mermaid, purify] = await Promise.all([loadMermaid(), loadPurify()]);
  mermaid.initialize({
    startOnLoad: false,
    securityLevel: "strict",
    theme: dark ? "dark" : "default",
    suppressErrorRendering: true,
    // Labels as SVG text, not HTML in <foreignObject>: less to sanitise, and nothing for HTML to hide in.
    htmlLabels: false,
    maxTextSize: MAX_SOURCE,
    maxEdges: 500,
    fontFamily: "ui-sans-serif, system-ui, sans-serif",
  });
  const id = `parley-mermaid-${++counter}`;
  try {
    const { svg } = await mermaid.render(id, code);
    const clean = purify.sanitize(svg, {
      USE_PROFILES: { svg: true, svgFilters: true, html: true },
      // Diagram types that still write HTML labels keep them (sanitised as HTML).
      ADD_TAGS: ["foreignObject"],
      HTML_INTEGRATION_POINTS: { foreignobject: true },
      FORBID_TAGS: ["script", "a"],
    });
    return { svg: clean };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  } finally {
    document.getElementById(id)?.remove();
    document.getElementById(`d${id}`)?.remove();
  }
}
