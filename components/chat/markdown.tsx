import { Children, type ComponentProps, isValidElement, memo, type ReactNode } from "react";
import ReactMarkdown, { type Components } from "react-markdown";
import rehypeHighlight from "rehype-highlight";
import remarkGfm from "remark-gfm";
import { CodeBlock } from "./code-block";
import { HIGHLIGHT_LANGUAGES } from "./highlight-languages";
import { MermaidBlock } from "./mermaid-block";
import { isSameOriginImage, safeUrl } from "./safe-url";
import "./highlight.css";

interface MdNode {
  type: string;
  value?: string;
  children?: MdNode[];
}

/** Raw HTML in model output is shown as the literal text it is, never parsed or dropped silently. */
function remarkHtmlAsText() {
  const walk = (node: MdNode) => {
    if (node.type === "html") node.type = "text";
    node.children?.forEach(walk);
  };
  return walk;
}

function languageOf(children: ReactNode): string | undefined {
  const code = Children.toArray(children).find(isValidElement) as { props: { className?: string } } | undefined;
  const match = /language-([\w+#-]+)/.exec(code?.props.className ?? "");
  return match?.[1];
}

function codeText(children: ReactNode): string {
  const code = Children.toArray(children).find(isValidElement) as { props: { children?: ReactNode } } | undefined;
  return Children.toArray(code?.props.children)
    .map((child) => (typeof child === "string" || typeof child === "number" ? String(child) : ""))
    .join("")
    .replace(/\n$/, "");
}

const components: Components = {
  pre: ({ children }) => {
    const language = languageOf(children);
    if (language === "mermaid") return <MermaidBlock code={codeText(children)} />;
    return <CodeBlock language={language}>{children}</CodeBlock>;
  },
  code: ({ className, children, node: _node, ...props }) =>
    className?.includes("language-") || className?.includes("hljs") ? (
      <code className={className} {...props}>
        {children}
      </code>
    ) : (
      <code className="rounded bg-zinc-100 px-1 py-0.5 font-mono text-[0.9em] dark:bg-zinc-800" {...props}>
        {children}
      </code>
    ),
  a: ({ href, children, node: _node }) =>
    href ? (
      <a
        href={href}
        target="_blank"
        rel="noopener noreferrer nofollow"
        className="font-medium text-blue-600 underline underline-offset-2 hover:text-blue-500 dark:text-blue-400"
      >
        {children}
      </a>
    ) : (
      <span>{children}</span>
    ),
  img: ({ src, alt }) => {
    const source = typeof src === "string" ? src : undefined;
    // biome-ignore lint/performance/noImgElement: Markdown images have unknown sizes; next/image needs them.
    if (isSameOriginImage(source)) return <img src={source} alt={alt ?? ""} className="my-2 max-h-96 rounded-md" />;
    if (!source) return <span>{alt}</span>;
    return (
      <a
        href={source}
        target="_blank"
        rel="noopener noreferrer nofollow"
        className="text-blue-600 underline underline-offset-2 dark:text-blue-400"
      >
        {alt || source}
      </a>
    );
  },
  table: ({ children }) => (
    <div className="my-3 overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
      <table className="w-full border-collapse text-sm">{children}</table>
    </div>
  ),
  thead: ({ children }) => <thead className="bg-zinc-50 dark:bg-zinc-900">{children}</thead>,
  th: ({ children, style }) => (
    <th style={style} className="border-b border-zinc-200 px-3 py-2 text-left font-semibold dark:border-zinc-800">
      {children}
    </th>
  ),
  td: ({ children, style }) => (
    <td style={style} className="border-b border-zinc-100 px-3 py-2 align-top dark:border-zinc-800/70">
      {children}
    </td>
  ),
  ul: ({ children }) => <ul className="my-2 list-disc space-y-1 pl-6">{children}</ul>,
  ol: ({ children, start }) => (
    <ol start={start} className="my-2 list-decimal space-y-1 pl-6">
      {children}
    </ol>
  ),
  li: ({ children, className }) => <li className={className}>{children}</li>,
  p: ({ children }) => <p className="my-2 leading-7 first:mt-0 last:mb-0">{children}</p>,
  h1: ({ children }) => <h3 className="mt-5 mb-2 text-xl font-semibold">{children}</h3>,
  h2: ({ children }) => <h3 className="mt-5 mb-2 text-lg font-semibold">{children}</h3>,
  h3: ({ children }) => <h4 className="mt-4 mb-2 text-base font-semibold">{children}</h4>,
  h4: ({ children }) => <h5 className="mt-3 mb-1 font-semibold">{children}</h5>,
  blockquote: ({ children }) => (
    <blockquote className="my-3 border-l-4 border-zinc-300 pl-4 text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
      {children}
    </blockquote>
  ),
  hr: () => <hr className="my-4 border-zinc-200 dark:border-zinc-800" />,
};

type PluginList = NonNullable<ComponentProps<typeof ReactMarkdown>["remarkPlugins"]>;
/** Plugins that a lazily loaded chunk adds (math: ./markdown-math). */
export interface ExtraPlugins {
  remark: PluginList;
  rehype: PluginList;
}

const remarkPlugins: PluginList = [remarkGfm, remarkHtmlAsText];
// react-markdown builds its pipeline on every render, and rehype-highlight registers every grammar each time its
// plugin is set up (about 3 ms per message, most of a short reply's render). The transform is made once here, and
// the plugin hands out that same transform.
const highlightTree = rehypeHighlight({
  detect: false,
  languages: HIGHLIGHT_LANGUAGES,
  plainText: ["text", "txt", "plain"],
});
const rehypePlugins: PluginList = [() => highlightTree];
const withExtras = new WeakMap<ExtraPlugins, { remark: PluginList; rehype: PluginList }>();

function pluginsWith(extra: ExtraPlugins | undefined) {
  if (!extra) return { remark: remarkPlugins, rehype: rehypePlugins };
  let plugins = withExtras.get(extra);
  if (!plugins) {
    plugins = { remark: [...remarkPlugins, ...extra.remark], rehype: [...extra.rehype, ...rehypePlugins] };
    withExtras.set(extra, plugins);
  }
  return plugins;
}

/** Model output rendered as GitHub-flavoured Markdown, sanitised: no raw HTML, no script URLs, no foreign images. */
export const Markdown = memo(function Markdown({ text, extra }: { text: string; extra?: ExtraPlugins }) {
  const plugins = pluginsWith(extra);
  return (
    <div className="markdown min-w-0 break-words">
      <ReactMarkdown
        remarkPlugins={plugins.remark}
        rehypePlugins={plugins.rehype}
        components={components}
        urlTransform={safeUrl}
      >
        {text}
      </ReactMarkdown>
    </div>
  );
});
