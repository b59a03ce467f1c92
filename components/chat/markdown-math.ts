import rehypeKatex from "rehype-katex";
import remarkMath from "remark-math";
import type { ExtraPlugins } from "./markdown";
import "katex/dist/katex.min.css";

// KaTeX and its fonts are their own chunk, loaded only for a reply that holds math (see ./lazy-markdown). The
// fonts are bundled files served from this origin (the page's CSP allows fonts from 'self' only).
// maxExpand bounds macro expansion: shared pages typeset on the server.
export const mathPlugins: ExtraPlugins = {
  remark: [remarkMath],
  rehype: [[rehypeKatex, { throwOnError: false, strict: "ignore", trust: false, maxExpand: 1000, maxSize: 20 }]],
};
