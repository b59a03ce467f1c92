"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import type { ActionState } from "@/lib/action-result";

export interface ProjectFileRow {
  fileId: string;
  name: string;
  size: number;
  status: string;
  error: string | null;
  passages: number;
}

/**
 * The project's files: upload (to POST /api/v1/files, then into the project), and each file's indexing state,
 * refreshed while any file is still waiting or being indexed.
 */
export function ProjectFiles({
  projectId,
  files,
  addFile,
  removeFile,
}: {
  projectId: string;
  files: ProjectFileRow[];
  addFile: (input: { projectId: string; fileId: string }) => Promise<ActionState>;
  removeFile: (formData: FormData) => Promise<void>;
}) {
  const router = useRouter();
  const [uploading, setUploading] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const pending = files.some((f) => f.status === "queued" || f.status === "indexing");

  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => router.refresh(), 1500);
    return () => clearInterval(timer);
  }, [pending, router]);

  async function upload(list: FileList) {
    setError(null);
    for (const file of Array.from(list)) {
      setUploading((u) => [...u, file.name]);
      try {
        const form = new FormData();
        form.set("file", file);
        const response = await fetch("/api/v1/files", { method: "POST", body: form });
        const body = (await response.json().catch(() => null)) as { id?: string; error?: { message?: string } } | null;
        if (!response.ok || !body?.id) throw new Error(body?.error?.message ?? `${file.name} could not be uploaded.`);
        const added = await addFile({ projectId, fileId: body.id });
        if (!added.ok) throw new Error(added.error);
      } catch (cause) {
        setError(cause instanceof Error ? cause.message : String(cause));
      } finally {
        setUploading((u) => u.filter((name) => name !== file.name));
      }
    }
    router.refresh();
  }

  return (
    <section aria-labelledby="project-files" className="mt-8">
      <div className="flex items-center justify-between gap-3">
        <h2 id="project-files" className="text-base font-semibold">
          Files
        </h2>
        <label className="cursor-pointer rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-zinc-100 focus-within:outline-2 focus-within:outline-blue-500 dark:border-zinc-700 dark:bg-zinc-900 dark:hover:bg-zinc-800">
          Upload files
          <input
            type="file"
            multiple
            className="sr-only"
            accept=".pdf,.txt,.md,.markdown,.csv,.json,.html,.htm,.xml,.js,.ts,.tsx,.py,.go,.rs,.java,.c,.h,.cpp,.rb,.sh,.yaml,.yml,.toml"
            onChange={(event) => {
              if (event.target.files?.length) void upload(event.target.files);
              event.target.value = "";
            }}
          />
        </label>
      </div>
      <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
        PDFs, text, Markdown, code and HTML. Chats in this project search them; the passages count against your storage.
      </p>
      {error ? (
        <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      <ul className="mt-3 divide-y divide-zinc-200 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
        {uploading.map((name) => (
          <li key={`up-${name}`} className="flex items-center justify-between gap-3 px-3 py-2 text-sm">
            <span className="truncate">{name}</span>
            <span role="status" className="text-xs text-zinc-500 dark:text-zinc-400">
              Uploading…
            </span>
          </li>
        ))}
        {files.map((file) => (
          <li key={file.fileId} className="flex items-center justify-between gap-3 px-3 py-2 text-sm">
            <span className="min-w-0 truncate">{file.name}</span>
            <span className="flex shrink-0 items-center gap-2">
              <FileStatus file={file} />
              <form action={removeFile}>
                <input type="hidden" name="projectId" value={projectId} />
                <input type="hidden" name="fileId" value={file.fileId} />
                <button
                  type="submit"
                  aria-label={`Remove ${file.name}`}
                  className="rounded-md px-2 py-1 text-xs text-zinc-600 hover:bg-zinc-100 hover:text-red-700 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-red-400"
                >
                  Remove
                </button>
              </form>
            </span>
          </li>
        ))}
        {files.length === 0 && uploading.length === 0 ? (
          <li className="px-3 py-4 text-center text-sm text-zinc-500 dark:text-zinc-400">No files yet.</li>
        ) : null}
      </ul>
    </section>
  );
}

function FileStatus({ file }: { file: ProjectFileRow }) {
  const text =
    file.status === "ready"
      ? `Ready · ${file.passages.toLocaleString("en-US")} passages`
      : file.status === "failed"
        ? `Failed: ${file.error ?? "could not be indexed"}`
        : file.status === "indexing"
          ? "Indexing…"
          : "Waiting to be indexed…";
  const tone =
    file.status === "failed"
      ? "text-red-700 dark:text-red-400"
      : file.status === "ready"
        ? "text-emerald-700 dark:text-emerald-400"
        : "text-zinc-500 dark:text-zinc-400";
  return (
    <span
      role={file.status === "ready" || file.status === "failed" ? undefined : "status"}
      className={`text-xs ${tone}`}
    >
      {text}
    </span>
  );
}
