import { WrenchIcon } from "./icons";

interface ToolPart {
  type: string;
  toolName?: string;
  state?: string;
  input?: unknown;
  output?: unknown;
  errorText?: string;
}

const STATE_LABEL: Record<string, string> = {
  "input-streaming": "Preparing…",
  "input-available": "Running…",
  "output-available": "Done",
  "output-error": "Failed",
  "output-denied": "Denied",
};

function pretty(value: unknown): string {
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value, null, 2);
  } catch {
    return String(value);
  }
}

/** A tool call and its result, collapsed to one line until opened. */
export function ToolCard({ part }: { part: ToolPart }) {
  const name = part.toolName ?? part.type.replace(/^tool-/, "");
  const label = name.replace(/[_-]+/g, " ");
  const state = STATE_LABEL[part.state ?? ""] ?? part.state ?? "";
  const failed = part.state === "output-error";
  return (
    <details className="group/tool my-2 rounded-lg border border-zinc-200 bg-zinc-50/70 text-sm dark:border-zinc-800 dark:bg-zinc-900/60">
      <summary className="flex cursor-pointer list-none items-center gap-2 px-3 py-2 select-none">
        <span className="text-zinc-500 dark:text-zinc-400">
          <WrenchIcon />
        </span>
        <span className="font-medium">Tool: {label}</span>
        <span
          className={`ml-auto rounded-full px-2 py-0.5 text-xs ${
            failed
              ? "bg-red-100 text-red-700 dark:bg-red-950 dark:text-red-300"
              : "bg-zinc-200/70 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300"
          }`}
        >
          {state}
        </span>
      </summary>
      <div className="space-y-2 border-t border-zinc-200 px-3 py-2 dark:border-zinc-800">
        {part.input !== undefined ? (
          <div>
            <p className="text-xs font-medium text-zinc-500 dark:text-zinc-400">Input</p>
            <pre className="mt-1 overflow-x-auto font-mono text-xs">{pretty(part.input)}</pre>
          </div>
        ) : null}
        {part.output !== undefined ? (
          <div>
            <p className="text-xs font-medium text-zinc-500 dark:text-zinc-400">Output</p>
            <pre className="mt-1 max-h-64 overflow-auto font-mono text-xs">{pretty(part.output)}</pre>
          </div>
        ) : null}
        {part.errorText ? <p className="text-xs text-red-600 dark:text-red-400">{part.errorText}</p> : null}
      </div>
    </details>
  );
}
