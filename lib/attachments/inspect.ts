import "server-only";
import { fileTypeFromBuffer } from "file-type";
import { AppError } from "../errors";
import { imageSize } from "./image-size";
import { readPdfText } from "./pdf-text";

export const IMAGE_TYPES = ["image/png", "image/jpeg", "image/webp", "image/gif"] as const;

/** What Parley learned from a file's bytes: its real type and what the model will be given. */
export interface Inspected {
  mediaType: string;
  width: number | null;
  height: number | null;
  pageCount: number | null;
  text: string | null;
  /** Set when a bound stopped the text reader: what the person and the model are told. */
  textNote: string | null;
}

export interface ReadBounds {
  /** Characters of text worth reading (the model reads no more). */
  maxChars: number;
  /** Longest a PDF's reader may run. */
  deadlineMs: number;
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
 * The most pixels an attached image may have: 100 megapixels (e.g. 10,000 × 10,000), above the largest photos
 * phones take by default (50 MP) and far above what models look at (they scale images to about 2,048 pixels).
 * Nothing on the server decodes pixels, but every browser that shows the message does: a few-MB PNG claiming
 * 50,000 × 50,000 would ask each of them for 10 GB. Refused from the header, before anything is decoded.
 */
export const MAX_IMAGE_PIXELS = 100_000_000;

/**
 * Decides the type from the content (magic bytes), never from the name or the browser's claim, and extracts
 * what the model will read. Refuses SVG (it can carry script) and anything that is not an image, a PDF or text.
 */
export async function inspectFile(bytes: Uint8Array, name: string, bounds: ReadBounds): Promise<Inspected> {
  const detected = await fileTypeFromBuffer(bytes);
  if (detected && (IMAGE_TYPES as readonly string[]).includes(detected.mime)) {
    const size = imageSize(bytes, detected.mime);
    if (!size || size.width < 1 || size.height < 1) {
      throw new AppError("validation:image", {
        message: "This image's size could not be read from its header (it may be damaged).",
      });
    }
    if (size.width * size.height > MAX_IMAGE_PIXELS) {
      throw new AppError("validation:image", {
        message: `This image is ${size.width.toLocaleString("en-US")} × ${size.height.toLocaleString("en-US")} pixels; images can have at most ${MAX_IMAGE_PIXELS / 1_000_000} million pixels. Scale it down and attach it again.`,
      });
    }
    return { mediaType: detected.mime, ...size, pageCount: null, text: null, textNote: null };
  }
  if (detected?.mime === "application/pdf") {
    const pdf = await readPdfText(bytes, bounds);
    return {
      mediaType: "application/pdf",
      pageCount: pdf.pageCount,
      text: pdf.text,
      textNote: pdf.note,
      width: null,
      height: null,
    };
  }
  const text = detected && detected.mime !== "application/xml" ? null : decodeText(bytes);
  if (text === null) throw unsupported(detected?.mime);
  if (isSvg(text, name)) {
    throw new AppError("unsupported_media_type:svg", {
      message: "SVG images are not accepted (they can contain scripts). Send a PNG, JPEG, WebP or GIF instead.",
    });
  }
  const extension = name.toLowerCase().split(".").at(-1) ?? "";
  return {
    mediaType: TEXT_TYPES[extension] ?? "text/plain",
    text,
    textNote: null,
    width: null,
    height: null,
    pageCount: null,
  };
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
