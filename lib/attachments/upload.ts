import "server-only";
import { readBodyAtMost } from "../bounded-body";
import { AppError } from "../errors";
import { formatBytes } from "./limits";

// Room for the multipart envelope (boundaries, headers) around the file itself.
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

export function tooLarge(maxBytes: number) {
  return new AppError("payload_too_large:file", { message: `A file can be at most ${formatBytes(maxBytes)}.` });
}

/** The multipart body's `file`, refusing an oversized body before reading more of it than the limit. */
export async function readUpload(request: Request, maxFileBytes: number): Promise<File> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.toLowerCase().startsWith("multipart/form-data")) {
    throw new AppError("unsupported_media_type", {
      message: "Send the file as multipart/form-data in the field `file`.",
    });
  }
  const limit = maxFileBytes + MULTIPART_OVERHEAD_BYTES;
  if (Number(request.headers.get("content-length") ?? 0) > limit) throw tooLarge(maxFileBytes);
  const body = await readAtMost(request, limit, maxFileBytes);
  let form: FormData;
  try {
    form = await new Response(body, { headers: { "content-type": type } }).formData();
  } catch {
    throw new AppError("bad_request:multipart", { message: "The multipart body could not be read." });
  }
  const file = form.get("file");
  if (!(file instanceof File)) {
    throw new AppError("validation:file", {
      message: "Send the file in the multipart field `file`.",
      fields: [{ field: "file", message: "Required." }],
    });
  }
  return file;
}

async function readAtMost(request: Request, limit: number, maxFileBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = await readBodyAtMost(request.body, limit);
  if (!bytes) throw tooLarge(maxFileBytes);
  return bytes;
}
