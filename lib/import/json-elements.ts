// Reads a JSON file that is an array of objects (or one object) element by element, from a byte stream, so a
// 100 MB export never exists in memory as one string or one parsed tree: only the element being read does.
// The scanner only finds where each top-level element starts and ends (strings, escapes and nesting); each
// element is then checked by JSON.parse itself.

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
          if (escaped) escaped = false;
          else if (byte === BACKSLASH) escaped = true;
          else if (byte === QUOTE) inString = false;
          continue;
        }
        if (byte === QUOTE) inString = true;
        else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) depth++;
        else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
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
    if (state === "value") pieces.push(chunk.subarray(pieceStart));
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
