import "server-only";
import { fileTypeFromBuffer } from "file-type";
import { AppError } from "../errors";
import { imageSize } from "./image-size";

export const IMAGE_TYPES = ["image/png", "image/jpeg", "image/webp", "image/gif"] as const;

/** What Parley learned from a file's bytes: its real type and what the model will be given. */
export interface Inspected {
  mediaType: string;
  width: number | null;
  height: number | null;
  pageCount: number | null;
  text: string | null;
}

// Text files are named by their extension (text has no magic bytes); anything else that is text is text/plain.
const TEXT_TYPES: Record<string, string> = {
  md: "text/markdown",
  markdown: "text/markdown",
  csv: "text/csv",
  json: "application/json",
};

const UTF8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Decides the type from the content (magic bytes), never from the name or the browser's claim, and extracts
 * what the model will read. Refuses SVG (it can carry script) and anything that is not an image, a PDF or text.
 */
export async function inspectFile(bytes: Uint8Array, name: string): Promise<Inspected> {
  const detected = await fileTypeFromBuffer(bytes);
  if (detected && (IMAGE_TYPES as readonly string[]).includes(detected.mime)) {
    const size = imageSize(bytes, detected.mime);
    return {
      mediaType: detected.mime,
      width: size?.width ?? null,
      height: size?.height ?? null,
      pageCount: null,
      text: null,
    };
  }
  if (detected?.mime === "application/pdf")
    return { mediaType: "application/pdf", ...(await pdfText(bytes)), width: null, height: null };
  const text = detected && detected.mime !== "application/xml" ? null : decodeText(bytes);
  if (text === null) throw unsupported(detected?.mime);
  if (isSvg(text, name)) {
    throw new AppError("unsupported_media_type:svg", {
      message: "SVG images are not accepted (they can contain scripts). Send a PNG, JPEG, WebP or GIF instead.",
    });
  }
  const extension = name.toLowerCase().split(".").at(-1) ?? "";
  return { mediaType: TEXT_TYPES[extension] ?? "text/plain", text, width: null, height: null, pageCount: null };
}

function unsupported(mime: string | undefined) {
  return new AppError("unsupported_media_type:file", {
    message: `${mime ? `This file is ${mime}, which` : "This kind of file"} cannot be attached. Attach images (PNG, JPEG, WebP, GIF), PDFs or text files.`,
  });
}

/** UTF-8 text without NUL bytes, or null. */
function decodeText(bytes: Uint8Array): string | null {
  if (bytes.includes(0)) return null;
  try {
    return UTF8.decode(bytes);
  } catch {
    return null;
  }
}

function isSvg(text: string, name: string): boolean {
  return name.toLowerCase().endsWith(".svg") || /<svg[\s>]/i.test(text.slice(0, 4096));
}

async function pdfText(bytes: Uint8Array): Promise<{ pageCount: number; text: string }> {
  const { extractText, getDocumentProxy } = await import("unpdf");
  try {
    // pdf.js takes ownership of the buffer it is given: hand it a copy.
    const pdf = await getDocumentProxy(new Uint8Array(bytes));
    const { totalPages, text } = await extractText(pdf, { mergePages: true });
    await pdf.destroy();
    return {
      pageCount: totalPages,
      text: text
        .split("\n")
        .map((line) => line.trimEnd())
        .join("\n")
        .trim(),
    };
  } catch (error) {
    throw new AppError("validation:pdf", {
      message: "This PDF could not be read (it may be damaged or encrypted).",
      cause: error,
    });
  }
}
