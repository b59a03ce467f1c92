"use client";

import { useState } from "react";
import { WrenchIcon } from "./icons";

interface ToolPart {
  type: string;
  toolName?: string;
  state?: string;
  input?: unknown;
  output?: unknown;
  errorText?: string;
  approval?: { id?: string; approved?: boolean; reason?: string };
}

const STATE_LABEL: Record<string, string> = {
  "input-streaming": "Preparing…",
  "input-available": "Running…",
  "approval-requested": "Waiting for you",
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

function stateLabel(part: ToolPart): string {
  if (part.state === "approval-responded") return part.approval?.approved ? "Allowed: running…" : "Denied";
  return STATE_LABEL[part.state ?? ""] ?? part.state ?? "";
}

/**
 * A tool call and its result, collapsed to one line until opened. A call that waits for the person ("Ask before
 * running") is open, with its arguments and "Allow" / "Deny" (when `onAnswer` is given: not on a shared page).
 */
export function ToolCard({ part, onAnswer }: { part: ToolPart; onAnswer?: (approved: boolean) => Promise<void> }) {
  const name = part.toolName ?? part.type.replace(/^tool-/, "");
  const label = name.replace(/[_-]+/g, " ");
  const waiting = part.state === "approval-requested";
  const failed = part.state === "output-error" || part.state === "output-denied";
  const [answering, setAnswering] = useState(false);
  const answer = (approved: boolean) => {
    if (!onAnswer) return;
    setAnswering(true);
    void onAnswer(approved).finally(() => setAnswering(false));
  };
  return (
    <details
      open={waiting || undefined}
      aria-label={`Tool ${label}`}
      className={`group/tool my-2 rounded-lg border text-sm ${
        waiting
          ? "border-amber-300 bg-amber-50/70 dark:border-amber-700 dark:bg-amber-950/40"
          : "border-zinc-200 bg-zinc-50/70 dark:border-zinc-800 dark:bg-zinc-900/60"
      }`}
    >
      <summary className="flex cursor-pointer list-none items-center gap-2 px-3 py-2 select-none">
        <span className="text-zinc-500 dark:text-zinc-400">
          <WrenchIcon />
        </span>
        <span className="min-w-0 font-medium break-all">Tool: {label}</span>
        <span
          className={`ml-auto shrink-0 rounded-full px-2 py-0.5 text-xs ${
            failed
              ? "bg-red-100 text-red-700 dark:bg-red-950 dark:text-red-300"
              : waiting
                ? "bg-amber-200/80 text-amber-900 dark:bg-amber-900 dark:text-amber-100"
                : "bg-zinc-200/70 text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300"
          }`}
        >
          {stateLabel(part)}
        </span>
      </summary>
      <div className="space-y-2 border-t border-zinc-200 px-3 py-2 dark:border-zinc-800">
        {waiting ? (
          <p className="text-sm">
            The model wants to run this tool with these arguments. Nothing runs until you allow it.
          </p>
        ) : null}
        {part.input !== undefined ? (
          <div>
            <p className="text-xs font-medium text-zinc-500 dark:text-zinc-400">{waiting ? "Arguments" : "Input"}</p>
            <pre className="mt-1 overflow-x-auto font-mono text-xs">{pretty(part.input)}</pre>
          </div>
        ) : null}
        {waiting && onAnswer ? (
          <div className="flex flex-wrap gap-2 pt-1">
            <button
              type="button"
              disabled={answering}
              onClick={() => answer(true)}
              className="rounded-md bg-blue-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-700 disabled:opacity-60"
            >
              Allow
            </button>
            <button
              type="button"
              disabled={answering}
              onClick={() => answer(false)}
              className="rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-zinc-100 disabled:opacity-60 dark:border-zinc-700 dark:bg-zinc-900 dark:hover:bg-zinc-800"
            >
              Deny
            </button>
          </div>
        ) : null}
        {part.output !== undefined ? (
          <div>
            <p className="text-xs font-medium text-zinc-500 dark:text-zinc-400">Output</p>
            <pre className="mt-1 max-h-64 overflow-auto font-mono text-xs">{pretty(part.output)}</pre>
          </div>
        ) : null}
        {part.state === "output-denied" ? (
          <p className="text-xs text-red-600 dark:text-red-400">
            Not run: denied{part.approval?.reason ? ` (${part.approval.reason})` : ""}.
          </p>
        ) : null}
        {part.errorText ? <p className="text-xs text-red-600 dark:text-red-400">{part.errorText}</p> : null}
      </div>
    </details>
  );
}
