"use client";

import { fileIdOf, formatSize, type PendingAttachment } from "./attachment-upload";
import { FileIcon, PaperclipIcon, XIcon } from "./icons";
import type { ChatMessage } from "./types";

/** The paperclip: a real file input (reachable by its label) styled as an icon button. */
export function AttachButton({ onFiles, disabled }: { onFiles: (files: File[]) => void; disabled?: boolean }) {
  return (
    <label
      title="Attach files"
      className="grid size-9 cursor-pointer place-items-center rounded-full text-zinc-600 hover:bg-zinc-100 has-[:disabled]:cursor-not-allowed has-[:disabled]:opacity-50 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-blue-500 dark:text-zinc-300 dark:hover:bg-zinc-800"
    >
      <PaperclipIcon />
      <span className="sr-only">Attach files</span>
      <input
        type="file"
        multiple
        disabled={disabled}
        className="sr-only"
        accept="image/png,image/jpeg,image/webp,image/gif,application/pdf,text/*,.md,.csv,.json,.txt"
        onChange={(event) => {
          const files = Array.from(event.target.files ?? []);
          event.target.value = "";
          if (files.length) onFiles(files);
        }}
      />
    </label>
  );
}

/** What will be sent with the next message: name, type, size, a thumbnail for images, progress, Remove. */
export function AttachmentChips({ items, onRemove }: { items: PendingAttachment[]; onRemove: (key: string) => void }) {
  if (items.length === 0) return null;
  return (
    <ul aria-label="Attachments" className="flex gap-2 overflow-x-auto px-3 pt-3 sm:flex-wrap">
      {items.map((item) => (
        <li
          key={item.key}
          className={`flex max-w-full shrink-0 items-center gap-2 rounded-xl border py-1.5 pr-1 pl-1.5 text-sm ${
            item.state === "failed"
              ? "border-red-300 bg-red-50 text-red-800 dark:border-red-900 dark:bg-red-950/50 dark:text-red-200"
              : "border-zinc-200 bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-800"
          }`}
        >
          {item.preview ? (
            // biome-ignore lint/performance/noImgElement: a local blob: preview, nothing to optimise
            <img src={item.preview} alt="" className="size-9 shrink-0 rounded-md object-cover" />
          ) : (
            <span className="grid size-9 shrink-0 place-items-center rounded-md bg-zinc-200 dark:bg-zinc-700">
              <FileIcon />
            </span>
          )}
          <span className="flex min-w-0 flex-col">
            <span className="max-w-48 truncate font-medium">{item.name}</span>
            <span className="text-xs text-zinc-600 dark:text-zinc-300">
              {item.state === "failed" ? (
                <span role="alert">{item.error}</span>
              ) : (
                <>
                  {kindOf(item.mediaType)}
                  {item.size === null ? "" : ` · ${formatSize(item.size)}`}
                  {item.state === "uploading" ? ` · uploading ${Math.round(item.progress * 100)}%` : ""}
                  {item.note ? ` · ${item.note}` : ""}
                </>
              )}
            </span>
            {item.state === "uploading" ? (
              <progress
                aria-label={`Uploading ${item.name}`}
                max={1}
                value={item.progress}
                className="mt-1 h-1 w-full accent-blue-600"
              />
            ) : null}
          </span>
          <button
            type="button"
            aria-label={`Remove ${item.name}`}
            title="Remove"
            onClick={() => onRemove(item.key)}
            className="grid size-7 shrink-0 place-items-center rounded-full hover:bg-zinc-200 focus-visible:outline-2 focus-visible:outline-blue-500 dark:hover:bg-zinc-700"
          >
            <XIcon />
          </button>
        </li>
      ))}
    </ul>
  );
}

type FilePart = { type: "file"; url: string; mediaType: string; filename?: string; size?: unknown };

/** An image of a shared page, served through the link (see `sharedImageUrl`). */
const SHARED_IMAGE_URL = /^\/share\/[A-Za-z0-9_-]+\/images\/[^/]+$/;

/**
 * A sent message's files: images open full size in a new tab, everything else downloads. Unlinked (a shared
 * snapshot): images shown through the link, other files by name only, since they stay private to their owner.
 */
export function MessageAttachments({ message, linked = true }: { message: ChatMessage; linked?: boolean }) {
  const files = message.parts.filter(
    (p): p is FilePart =>
      p.type === "file" && (fileIdOf((p as FilePart).url) !== null || SHARED_IMAGE_URL.test((p as FilePart).url)),
  );
  if (files.length === 0) return null;
  return (
    <ul aria-label="Attached files" className="flex max-w-[85%] flex-wrap justify-end gap-2">
      {files.map((file) => {
        const name = file.filename ?? "file";
        const size = typeof file.size === "number" ? ` · ${formatSize(file.size)}` : "";
        return (
          <li key={file.url}>
            {!linked && !SHARED_IMAGE_URL.test(file.url) ? (
              <span className="flex items-center gap-2 rounded-xl border border-zinc-200 bg-zinc-50 px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-800">
                <FileIcon />
                <span className="max-w-48 truncate font-medium">{name}</span>
                <span className="text-xs text-zinc-600 dark:text-zinc-300">
                  {kindOf(file.mediaType)}
                  {size}
                </span>
              </span>
            ) : file.mediaType.startsWith("image/") ? (
              <a
                href={file.url}
                target="_blank"
                rel="noopener"
                className="block rounded-xl focus-visible:outline-2 focus-visible:outline-blue-500"
              >
                {/* biome-ignore lint/performance/noImgElement: served by the files API with the session cookie */}
                <img
                  src={file.url}
                  alt={name}
                  className="max-h-48 max-w-64 rounded-xl border border-zinc-200 object-contain dark:border-zinc-700"
                />
                <span className="sr-only">Open {name} full size</span>
              </a>
            ) : (
              <a
                href={file.url}
                download={name}
                className="flex items-center gap-2 rounded-xl border border-zinc-200 bg-zinc-50 px-3 py-2 text-sm hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-blue-500 dark:border-zinc-700 dark:bg-zinc-800 dark:hover:bg-zinc-700"
              >
                <FileIcon />
                <span className="max-w-48 truncate font-medium">{name}</span>
                <span className="text-xs text-zinc-600 dark:text-zinc-300">
                  {kindOf(file.mediaType)}
                  {size}
                </span>
              </a>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function kindOf(mediaType: string): string {
  if (mediaType === "application/pdf") return "PDF";
  if (mediaType.startsWith("image/")) return mediaType.slice(6).toUpperCase();
  if (mediaType === "text/markdown") return "Markdown";
  if (mediaType === "text/csv") return "CSV";
  if (mediaType === "application/json") return "JSON";
  if (mediaType.startsWith("text/")) return "Text";
  return mediaType || "File";
}
