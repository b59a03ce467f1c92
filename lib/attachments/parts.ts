// Attachments as stored in a message's parts: AI SDK `file` parts whose url is Parley's content URL, plus the
// file's id and size. No imports: the UI, the export and the engine all read them.

export interface AttachmentPart {
  type: "file";
  mediaType: string;
  filename: string;
  url: string;
  fileId: string;
  size: number;
  width?: number | null;
  height?: number | null;
  pageCount?: number | null;
}

export interface AttachmentRef {
  id: string;
  name: string;
  mediaType: string;
  size: number;
  url: string;
}

export const contentUrl = (id: string) => `/api/v1/files/${encodeURIComponent(id)}/content`;

export function attachmentPart(file: {
  id: string;
  name: string;
  mediaType: string;
  size: number;
  width: number | null;
  height: number | null;
  pageCount: number | null;
}): AttachmentPart {
  return {
    type: "file",
    mediaType: file.mediaType,
    filename: file.name,
    url: contentUrl(file.id),
    fileId: file.id,
    size: file.size,
    width: file.width,
    height: file.height,
    pageCount: file.pageCount,
  };
}

/** The attachments among stored parts, in order. */
export function attachmentsOf(parts: unknown): AttachmentRef[] {
  if (!Array.isArray(parts)) return [];
  return parts
    .filter((p): p is AttachmentPart => p?.type === "file" && typeof p.fileId === "string")
    .map((p) => ({ id: p.fileId, name: p.filename, mediaType: p.mediaType, size: p.size, url: p.url }));
}
