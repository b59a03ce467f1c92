import { MAX_IMPORTED_REPLY_CHARS } from "./limits";

// Reads a JSON file that is an array of objects (or one object) element by element, from a byte stream, so a
// 100 MB export never exists in memory as one string or one parsed tree: only the element being read does.
// The scanner only finds where each top-level element starts and ends (strings, escapes and nesting); each
// element is then checked by JSON.parse itself.

/** Deepest nesting of arrays and objects in one conversation: real exports stay under about 15 levels. */
export const MAX_JSON_DEPTH = 100;
/**
 * Bytes of one string kept before JSON.parse sees it: six bytes per character (the longest escape) of the longest
 * text an import keeps (lib/import/plan.ts), plus one, so that a string cut here is still cut (and counted) there.
 */
export const MAX_STRING_BYTES = 6 * (MAX_IMPORTED_REPLY_CHARS + 1);
/** Bytes of one conversation after long strings are cut: parsing it must not hold the server up. */
export const MAX_ELEMENT_BYTES = 16 * 1024 * 1024;

export class ImportFormatError extends Error {
  constructor(
    message: string,
    /** 0-based index of the conversation in the file, when the problem is inside one. */
    readonly index?: number,
  ) {
    super(message);
    this.name = "ImportFormatError";
  }
}

export interface JsonElement {
  index: number;
  /** Byte offset of the element's first byte in the file. */
  offset: number;
  value: unknown;
  bytes: number;
}

const U = 0x75;
const SPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const BOM = [0xef, 0xbb, 0xbf];

type State = "start" | "first" | "value" | "after" | "next" | "end";

const UTF8 = new TextDecoder("utf-8", { fatal: true });

/** The file's top-level objects in order; a top-level object (not an array) is one element. */
export async function* jsonElements(source: AsyncIterable<Uint8Array>): AsyncGenerator<JsonElement> {
  let state: State = "start";
  let single = false;
  let index = 0;
  let fileOffset = 0;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let elementStart = 0;
  let pieces: Uint8Array[] = [];
  let pieceStart = 0;
  let bomBytes = 0;
  // Inside a string: bytes of it so far, hex digits of a \u escape still to come, and whether the rest of an
  // over-long string is being dropped (up to its closing quote).
  let stringBytes = 0;
  let hexLeft = 0;
  let cutting = false;
  let kept = 0;

  const finish = (chunk: Uint8Array, end: number): JsonElement => {
    pieces.push(chunk.subarray(pieceStart, end));
    const bytes = pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces);
    pieces = [];
    let text: string;
    try {
      text = UTF8.decode(bytes);
    } catch {
      throw new ImportFormatError(`Conversation ${index + 1} is not valid UTF-8 text.`, index);
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new ImportFormatError(
        `Conversation ${index + 1} (from byte ${elementStart}) is not valid JSON: ${why}`,
        index,
      );
    }
    return { index, offset: elementStart, value, bytes: bytes.byteLength };
  };

  for await (const chunk of source) {
    pieceStart = 0;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (state === "value") {
        if (inString) {
          if (cutting) {
            if (!escaped) {
              // Skip to the next quote or backslash: the dropped bytes need no look.
              const quote = chunk.indexOf(QUOTE, i);
              const backslash = chunk.indexOf(BACKSLASH, i);
              const next = quote === -1 ? backslash : backslash === -1 ? quote : Math.min(quote, backslash);
              if (next === -1) {
                i = chunk.length;
                continue;
              }
              i = next;
            }
            const byte = chunk[i]!;
            if (escaped) escaped = false;
            else if (byte === BACKSLASH) escaped = true;
            else if (byte === QUOTE) {
              inString = false;
              cutting = false;
              pieceStart = i;
              kept++;
            }
            continue;
          }
          // Cut only where the kept bytes end a whole character and a whole escape.
          if (
            stringBytes >= MAX_STRING_BYTES &&
            hexLeft === 0 &&
            !escaped &&
            byte !== QUOTE &&
            (byte & 0xc0) !== 0x80
          ) {
            pieces.push(chunk.subarray(pieceStart, i));
            cutting = true;
            if (byte === BACKSLASH) escaped = true;
            continue;
          }
          stringBytes++;
          kept++;
          if (hexLeft > 0) hexLeft--;
          else if (escaped) {
            escaped = false;
            if (byte === U) hexLeft = 4;
          } else if (byte === BACKSLASH) escaped = true;
          else if (byte === QUOTE) inString = false;
          continue;
        }
        kept++;
        if (kept > MAX_ELEMENT_BYTES) {
          throw new ImportFormatError(
            `Conversation ${index + 1} is larger than ${MAX_ELEMENT_BYTES / 1024 / 1024} MB (after cutting over-long texts): split the file or leave it out.`,
            index,
          );
        }
        if (byte === QUOTE) {
          inString = true;
          stringBytes = 0;
          hexLeft = 0;
        } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
          depth++;
          if (depth > MAX_JSON_DEPTH) {
            throw new ImportFormatError(
              `Conversation ${index + 1} is nested more than ${MAX_JSON_DEPTH} levels deep (at byte ${fileOffset + i}): no export is shaped like that.`,
              index,
            );
          }
        } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
          depth--;
          if (depth === 0) {
            yield finish(chunk, i + 1);
            index++;
            state = single ? "end" : "after";
          }
        }
        continue;
      }
      if (SPACE.has(byte)) continue;
      const at = fileOffset + i;
      if (state === "start") {
        if (at === bomBytes && at < 3 && byte === BOM[at]) {
          bomBytes++;
          continue;
        }
        if (at === 0 && byte === 0x50) {
          throw new ImportFormatError(
            "This is a zip file. Unzip the export first and choose the conversations.json file inside it.",
          );
        }
        if (byte === OPEN_ARRAY) state = "first";
        else if (byte === OPEN_OBJECT) {
          single = true;
          state = "value";
          depth = 1;
          kept = 1;
          elementStart = at;
          pieceStart = i;
        } else throw new ImportFormatError("The file is not JSON: it must be an array of conversations or one object.");
        continue;
      }
      if (state === "first" || state === "next") {
        if (byte === CLOSE_ARRAY && state === "first") {
          state = "end";
          continue;
        }
        if (byte !== OPEN_OBJECT) {
          throw new ImportFormatError(
            `Conversation ${index + 1} (at byte ${at}) is not a JSON object: the file must be an array of conversations.`,
            index,
          );
        }
        state = "value";
        depth = 1;
        kept = 1;
        elementStart = at;
        pieceStart = i;
        continue;
      }
      if (state === "after") {
        if (byte === COMMA) state = "next";
        else if (byte === CLOSE_ARRAY) state = "end";
        else throw new ImportFormatError(`Expected "," or "]" after conversation ${index} (at byte ${at}).`, index - 1);
        continue;
      }
      throw new ImportFormatError(`Unexpected text after the end of the JSON (at byte ${at}).`);
    }
    if (state === "value" && !cutting) pieces.push(chunk.subarray(pieceStart));
    fileOffset += chunk.length;
  }
  const ended = state as State;
  if (ended === "start") throw new ImportFormatError("The file is empty.");
  if (ended !== "end") {
    throw new ImportFormatError(
      ended === "value"
        ? `The file ends in the middle of conversation ${index + 1}: it looks cut off.`
        : "The file ends before the closing ]: it looks cut off.",
      ended === "value" ? index : undefined,
    );
  }
}
