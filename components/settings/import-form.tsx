"use client";

import Link from "next/link";
import { useId, useRef, useState } from "react";
import { useConversations } from "@/components/sidebar/conversations-context";
import { Button } from "@/components/ui/button";

interface ImportedItem {
  index: number;
  title: string | null;
  status: "imported" | "skipped" | "failed";
  id: string | null;
  reason: string | null;
}

interface ImportResult {
  format: "chatgpt" | "parley";
  imported: number;
  skipped: number;
  failed: number;
  messages_cut: number;
  conversations: ImportedItem[];
}

interface ApiError {
  message: string;
  fields?: { field: string; message: string }[];
}

type Phase =
  | { kind: "idle" }
  | { kind: "uploading"; percent: number }
  | { kind: "checking" }
  | { kind: "importing"; done: number; total: number }
  | { kind: "done"; result: ImportResult }
  | { kind: "failed"; error: ApiError };

const ENDPOINT = "/api/v1/conversations/import";
const SHOWN_ITEMS = 50;

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/**
 * Uploads an export to the import endpoint with the session cookie. XMLHttpRequest rather than fetch: it is
 * the browser API that reports upload progress; the answer is read as it arrives (NDJSON progress lines).
 */
function upload(file: File, onPhase: (phase: Phase) => void): Promise<Phase> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    let read = 0;
    let last: Phase | null = null;
    const readLines = () => {
      const text = xhr.responseText;
      let end = text.indexOf("\n", read);
      while (end !== -1) {
        const line = text.slice(read, end).trim();
        read = end + 1;
        end = text.indexOf("\n", read);
        if (!line) continue;
        try {
          const event = JSON.parse(line) as
            | { type: "progress"; done: number; total: number }
            | { type: "result"; result: ImportResult }
            | { type: "error"; error: ApiError };
          if (event.type === "progress") onPhase({ kind: "importing", done: event.done, total: event.total });
          else if (event.type === "result") last = { kind: "done", result: event.result };
          else last = { kind: "failed", error: event.error };
        } catch {
          // A partial line: read again when more arrives.
        }
      }
    };
    xhr.open("POST", ENDPOINT);
    const zip = /\.zip$/i.test(file.name) || file.type.includes("zip");
    xhr.setRequestHeader("content-type", zip ? "application/zip" : "application/json");
    xhr.setRequestHeader("accept", "application/x-ndjson");
    xhr.upload.onprogress = (event) => {
      if (!event.lengthComputable) return;
      const percent = Math.round((event.loaded / event.total) * 100);
      onPhase(percent >= 100 ? { kind: "checking" } : { kind: "uploading", percent });
    };
    xhr.upload.onload = () => onPhase({ kind: "checking" });
    xhr.onprogress = () => {
      if (xhr.status === 200) readLines();
    };
    xhr.onload = () => {
      if (xhr.status === 200) {
        readLines();
        resolve(last ?? { kind: "failed", error: { message: "The import stopped before it finished. Try again." } });
        return;
      }
      let error: ApiError = { message: `The import failed (HTTP ${xhr.status}). Try again.` };
      try {
        error = (JSON.parse(xhr.responseText) as { error: ApiError }).error;
      } catch {
        // Not the JSON error shape (a proxy's page): keep the generic message.
      }
      resolve({ kind: "failed", error });
    };
    xhr.onerror = () =>
      resolve({
        kind: "failed",
        error: { message: "The file could not be sent: check your connection and try again." },
      });
    xhr.send(file);
  });
}

export function ImportForm({ maxBytes }: { maxBytes: number }) {
  const inputId = useId();
  const hintId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const { listChanged } = useConversations();
  const busy = phase.kind === "uploading" || phase.kind === "checking" || phase.kind === "importing";
  const maxLabel = `${Math.round(maxBytes / 1024 / 1024)} MB`;

  function choose(next: File | null) {
    setFile(next);
    setPhase(
      next && next.size > maxBytes
        ? {
            kind: "failed",
            error: { message: `This file is ${(next.size / 1024 / 1024).toFixed(1)} MB; the limit is ${maxLabel}.` },
          }
        : { kind: "idle" },
    );
  }

  async function start(event: React.FormEvent) {
    event.preventDefault();
    if (!file || busy) return;
    setPhase({ kind: "uploading", percent: 0 });
    const end = await upload(file, setPhase);
    setPhase(end);
    if (end.kind === "done" && end.result.imported > 0) listChanged();
    if (end.kind === "done" && input.current) {
      input.current.value = "";
      setFile(null);
    }
  }

  return (
    <form onSubmit={start} className="flex flex-col gap-4">
      <div className="flex flex-col gap-1">
        <label htmlFor={inputId} className="text-sm font-medium">
          Import conversations
        </label>
        <input
          ref={input}
          id={inputId}
          type="file"
          accept=".json,.zip,application/json,application/zip"
          aria-describedby={hintId}
          disabled={busy}
          onChange={(e) => choose(e.target.files?.[0] ?? null)}
          className="text-sm file:mr-3 file:rounded-md file:border file:border-zinc-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium hover:file:bg-zinc-100 dark:file:border-zinc-700 dark:file:bg-zinc-900 dark:file:text-zinc-100 dark:hover:file:bg-zinc-800"
        />
        <p id={hintId} className="text-xs text-zinc-600 dark:text-zinc-400">
          ChatGPT’s export (the <code>.zip</code>, or <code>conversations.json</code> from it) or a conversation
          exported from Parley as JSON, up to {maxLabel}.
        </p>
      </div>
      <div>
        <Button type="submit" disabled={!file || busy || (file !== null && file.size > maxBytes)}>
          {busy ? "Importing…" : "Import"}
        </Button>
      </div>
      <ImportStatus phase={phase} />
    </form>
  );
}

function ImportStatus({ phase }: { phase: Phase }) {
  if (phase.kind === "idle") return null;
  if (phase.kind === "failed") {
    const fields = phase.error.fields ?? [];
    return (
      <div
        role="alert"
        className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
      >
        <p>{phase.error.message}</p>
        {fields.length > 1 && (
          <ul className="mt-2 list-disc pl-5">
            {fields.map((f) => (
              <li key={f.field}>{f.message}</li>
            ))}
          </ul>
        )}
      </div>
    );
  }
  if (phase.kind === "done") return <ImportSummary result={phase.result} />;
  const [label, value, max] =
    phase.kind === "uploading"
      ? [`Uploading… ${phase.percent}%`, phase.percent, 100]
      : phase.kind === "checking"
        ? ["Checking the file…", undefined, undefined]
        : [
            `Importing… ${phase.done.toLocaleString()} of ${plural(phase.total, "conversation")}`,
            phase.done,
            phase.total,
          ];
  return (
    <div className="flex flex-col gap-1">
      <progress aria-label="Import progress" value={value} max={max} className="h-2 w-full max-w-md accent-zinc-900" />
      <p role="status" className="text-sm text-zinc-700 dark:text-zinc-300">
        {label}
      </p>
    </div>
  );
}

function ImportSummary({ result }: { result: ImportResult }) {
  const notImported = result.conversations.filter((c) => c.status !== "imported");
  const imported = result.conversations.filter((c) => c.status === "imported");
  const source = result.format === "chatgpt" ? "ChatGPT" : "Parley";
  return (
    <div className="flex flex-col gap-3">
      <div
        role="status"
        className={`rounded-md border px-3 py-2 text-sm ${
          result.failed > 0
            ? "border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-100"
            : "border-green-300 bg-green-50 text-green-800 dark:border-green-900 dark:bg-green-950 dark:text-green-200"
        }`}
      >
        Imported {plural(result.imported, "conversation")} from {source}
        {result.skipped > 0 ? `, skipped ${result.skipped.toLocaleString()}` : ""}
        {result.failed > 0 ? `, ${result.failed.toLocaleString()} failed (import the file again to retry them)` : ""}.
        {result.messages_cut > 0
          ? ` ${plural(result.messages_cut, "message was", "messages were")} longer than a send allows and cut (at 32,000 characters for a question, 128,000 for a reply); each ends with a note saying so.`
          : ""}
      </div>
      {imported.length > 0 && (
        <details open={imported.length <= 5}>
          <summary className="cursor-pointer text-sm font-medium">Imported</summary>
          <ul className="mt-1 flex flex-col gap-1 text-sm">
            {imported.slice(0, SHOWN_ITEMS).map((c) => (
              <li key={c.index}>
                <Link href={`/chat/${c.id}`} className="underline underline-offset-2">
                  {c.title ?? "Untitled conversation"}
                </Link>
              </li>
            ))}
            {imported.length > SHOWN_ITEMS && <li>…and {imported.length - SHOWN_ITEMS} more, in the sidebar.</li>}
          </ul>
        </details>
      )}
      {notImported.length > 0 && (
        <details>
          <summary className="cursor-pointer text-sm font-medium">Skipped or failed</summary>
          <ul className="mt-1 flex flex-col gap-1 text-sm">
            {notImported.slice(0, SHOWN_ITEMS).map((c) => (
              <li key={c.index}>
                {c.title ?? `Conversation ${c.index + 1}`}: {c.reason}
              </li>
            ))}
            {notImported.length > SHOWN_ITEMS && <li>…and {notImported.length - SHOWN_ITEMS} more.</li>}
          </ul>
        </details>
      )}
    </div>
  );
}
