"use client";

import type { FileUIPart } from "ai";
import { useCallback, useEffect, useRef, useState } from "react";
import { contentUrl } from "@/lib/attachments/parts";

/** A pasted text longer than this becomes a text attachment instead of filling the message box. */
export const PASTE_AS_FILE_CHARS = 5_000;

export interface PendingAttachment {
  key: string;
  name: string;
  /** Null for a chip put back from a message kept in the browser, which records no size. */
  size: number | null;
  /** The browser's guess until the server has read the bytes. */
  mediaType: string;
  /** 0..1 while uploading. */
  progress: number;
  state: "uploading" | "ready" | "failed";
  id?: string;
  error?: string;
  /** A local preview for images (blob: URL). */
  preview?: string;
  /** What the person should know about how the model will read it. */
  note?: string;
}

interface UploadedFile {
  id: string;
  name: string;
  media_type: string;
  size: number;
  text_chars: number | null;
  text_truncated: boolean;
  text_note: string | null;
}

function noteFor(file: UploadedFile): string | undefined {
  if (file.text_note) return "Text could not be read completely";
  if (file.text_truncated) return "Long: the model reads only its start";
  if (file.media_type === "application/pdf" && file.text_chars === 0) return "No text found (a scan?)";
  return undefined;
}

/** Uploads with progress (fetch cannot report it), answering the stored file or the server's error message. */
function upload(file: File, onProgress: (fraction: number) => void): Promise<UploadedFile> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", "/api/v1/files");
    request.responseType = "json";
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    request.onload = () => {
      const body = request.response as (UploadedFile & { error?: { message?: string } }) | null;
      if (request.status === 201 && body) resolve(body);
      else reject(new Error(body?.error?.message ?? `The upload failed (HTTP ${request.status}).`));
    };
    request.onerror = () => reject(new Error("The upload failed: no connection to Parley."));
    const form = new FormData();
    form.set("file", file);
    request.send(form);
  });
}

/** The files being attached to the next message: upload on add, remove (and delete) before sending. */
export function usePendingAttachments() {
  const [items, setItems] = useState<PendingAttachment[]>([]);
  const current = useRef(items);
  current.current = items;
  // The chips of the message sent last, so a refusal can put them back as they were (size, thumbnail).
  const sent = useRef<PendingAttachment[]>([]);

  const update = useCallback((key: string, patch: Partial<PendingAttachment>) => {
    setItems((list) => list.map((item) => (item.key === key ? { ...item, ...patch } : item)));
  }, []);

  const add = useCallback(
    (files: File[]) => {
      for (const file of files) {
        const key = crypto.randomUUID();
        const preview =
          file.type.startsWith("image/") && file.type !== "image/svg+xml" ? URL.createObjectURL(file) : undefined;
        setItems((list) => [
          ...list,
          {
            key,
            name: file.name || "file",
            size: file.size,
            mediaType: file.type,
            progress: 0,
            state: "uploading",
            preview,
          },
        ]);
        upload(file, (progress) => update(key, { progress }))
          .then((stored) =>
            update(key, {
              state: "ready",
              progress: 1,
              id: stored.id,
              mediaType: stored.media_type,
              note: noteFor(stored),
            }),
          )
          .catch((error: Error) => update(key, { state: "failed", error: error.message }));
      }
    },
    [update],
  );

  const remove = useCallback((key: string) => {
    const item = current.current.find((i) => i.key === key);
    if (item?.preview) URL.revokeObjectURL(item.preview);
    // An uploaded file nobody will send is deleted now rather than by the daily cleanup.
    if (item?.id) void fetch(`/api/v1/files/${item.id}`, { method: "DELETE" }).catch(() => {});
    setItems((list) => list.filter((i) => i.key !== key));
  }, []);

  /** After sending: the chips go, the files stay (the message carries them). */
  const clear = useCallback(() => {
    const batch = current.current.filter((item) => item.state === "ready");
    for (const item of sent.current) {
      if (item.preview && !batch.includes(item)) URL.revokeObjectURL(item.preview);
    }
    sent.current = batch;
    setItems([]);
  }, []);

  /** The server refused the message: its files come back as chips, to send again or remove. */
  const restore = useCallback((files: readonly FilePartLike[]) => {
    setItems((list) => restoredAttachments(files, sent.current, list));
  }, []);

  useEffect(
    () => () => {
      for (const item of [...current.current, ...sent.current]) if (item.preview) URL.revokeObjectURL(item.preview);
    },
    [],
  );

  const parts: FileUIPart[] = items
    .filter((i): i is PendingAttachment & { id: string } => i.state === "ready" && Boolean(i.id))
    .map((i) => ({ type: "file", mediaType: i.mediaType, filename: i.name, url: contentUrl(i.id) }));

  return {
    items,
    add,
    remove,
    clear,
    restore,
    parts,
    uploading: items.some((i) => i.state === "uploading"),
    failed: items.some((i) => i.state === "failed"),
    hasImage: items.some((i) => i.mediaType.startsWith("image/")),
  };
}

export type PendingAttachments = ReturnType<typeof usePendingAttachments>;

/** A message's file part as the browser keeps it (see UnsentMessage). */
export interface FilePartLike {
  mediaType: string;
  filename?: string;
  url: string;
}

/**
 * The chips after a refused send put `files` back: each as the chip it was sent from when that is known
 * (`sent`), else rebuilt from the part (no size, no thumbnail); a file already among the chips is not doubled.
 * The put-back files come first, in their order, then whatever the person attached meanwhile.
 */
export function restoredAttachments(
  files: readonly FilePartLike[],
  sent: readonly PendingAttachment[],
  current: readonly PendingAttachment[],
): PendingAttachment[] {
  const present = new Set(current.map((item) => item.id));
  const back: PendingAttachment[] = [];
  for (const file of files) {
    const id = fileIdOf(file.url);
    if (!id || present.has(id)) continue;
    present.add(id);
    back.push(
      sent.find((item) => item.id === id) ?? {
        key: crypto.randomUUID(),
        name: file.filename || "file",
        size: null,
        mediaType: file.mediaType,
        progress: 1,
        state: "ready",
        id,
      },
    );
  }
  return [...back, ...current];
}

/** The file id in one of Parley's content URLs (what a message's file parts point at). */
export function fileIdOf(url: string): string | null {
  const match = /^\/api\/v1\/files\/([^/]+)\/content$/.exec(url);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
