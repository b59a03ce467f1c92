import "server-only";
import { createReadStream, createWriteStream } from "node:fs";
import { open } from "node:fs/promises";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { crc32, createInflateRaw } from "node:zlib";
import { AppError } from "../errors";

// ChatGPT's data export arrives as a .zip; Parley reads its `conversations.json` out of it with Node's zlib and
// this small reader of the zip's central directory (no native code, no new dependency). A zip is hostile input
// like any other: the entry count and directory size are bounded, the declared size is checked against the import
// limit before anything is inflated, and the inflated bytes are counted as they come, so a zip that lies about its
// size (a zip bomb) is stopped at the limit, never written whole.

export const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** Entries in a zip: a large export with every image and voice clip has a few thousand. */
const MAX_ENTRIES = 50_000;
/** Bytes of the central directory read into memory (about 100 bytes an entry). */
const MAX_DIRECTORY_BYTES = 16 * 1024 * 1024;
const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const TARGET = "conversations.json";

function refuse(message: string, code: "validation:import" | "payload_too_large:import" = "validation:import") {
  return new AppError(code, { message: `Nothing was imported. ${message}` });
}

interface Entry {
  name: string;
  flags: number;
  method: number;
  compressedSize: number;
  size: number;
  crc: number;
  localHeaderOffset: number;
}

/** The zip's entries, read from its central directory. */
async function readDirectory(zipFile: string): Promise<{ entries: Entry[]; directoryOffset: number }> {
  const handle = await open(zipFile, "r");
  try {
    const { size } = await handle.stat();
    const tailLength = Math.min(size, 22 + 0xffff);
    const tail = Buffer.alloc(tailLength);
    await handle.read(tail, 0, tailLength, size - tailLength);
    let end = -1;
    for (let i = tailLength - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === END_OF_DIRECTORY) {
        end = i;
        break;
      }
    }
    if (end === -1) throw refuse("This zip file is damaged or cut off (its directory is missing).");
    const count = tail.readUInt16LE(end + 10);
    const directorySize = tail.readUInt32LE(end + 12);
    const directoryOffset = tail.readUInt32LE(end + 16);
    if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
      throw refuse(
        "This zip uses the ZIP64 format, which Parley does not read: unzip it and choose conversations.json.",
      );
    }
    if (count > MAX_ENTRIES || directorySize > MAX_DIRECTORY_BYTES) {
      throw refuse(
        `This zip holds more than ${MAX_ENTRIES.toLocaleString("en-US")} files: unzip it and choose conversations.json.`,
      );
    }
    if (directoryOffset + directorySize > size) throw refuse("This zip file is damaged or cut off.");
    const directory = Buffer.alloc(directorySize);
    await handle.read(directory, 0, directorySize, directoryOffset);
    const entries: Entry[] = [];
    let at = 0;
    for (let i = 0; i < count; i++) {
      if (at + 46 > directory.length || directory.readUInt32LE(at) !== DIRECTORY_ENTRY) {
        throw refuse("This zip file's directory is damaged.");
      }
      const nameLength = directory.readUInt16LE(at + 28);
      const extraLength = directory.readUInt16LE(at + 30);
      const commentLength = directory.readUInt16LE(at + 32);
      entries.push({
        flags: directory.readUInt16LE(at + 8),
        method: directory.readUInt16LE(at + 10),
        crc: directory.readUInt32LE(at + 16),
        compressedSize: directory.readUInt32LE(at + 20),
        size: directory.readUInt32LE(at + 24),
        localHeaderOffset: directory.readUInt32LE(at + 42),
        name: directory.toString("utf8", at + 46, at + 46 + nameLength),
      });
      at += 46 + nameLength + extraLength + commentLength;
    }
    return { entries, directoryOffset };
  } finally {
    await handle.close();
  }
}

/**
 * Writes the export's `conversations.json` (at the top of the zip, or the shallowest one in a folder) to
 * `outFile`, inflating at most `maxBytes`. Refuses (422/413, nothing written that stays) anything else.
 */
export async function extractConversationsJson(
  zipFile: string,
  outFile: string,
  maxBytes: number,
  /** Checks there is room for the inflated file before it is written. */
  ensureRoom: (bytes: number) => Promise<void>,
): Promise<void> {
  const { entries, directoryOffset } = await readDirectory(zipFile);
  const entry = entries
    .filter((e) => e.name === TARGET || e.name.endsWith(`/${TARGET}`))
    .sort((a, b) => a.name.split("/").length - b.name.split("/").length)[0];
  if (!entry) throw refuse(`This zip has no ${TARGET}: is it ChatGPT's data export?`);
  if (entry.flags & 1) throw refuse("This zip is encrypted: unzip it and choose conversations.json.");
  if (entry.method !== 0 && entry.method !== 8) {
    throw refuse("This zip is compressed in a way Parley does not read: unzip it and choose conversations.json.");
  }
  if (entry.size > maxBytes) {
    throw refuse(
      `Its ${TARGET} is ${Math.round(entry.size / 1024 / 1024)} MB unzipped, over the ${Math.round(maxBytes / 1024 / 1024)} MB import limit.`,
      "payload_too_large:import",
    );
  }

  await ensureRoom(entry.size);
  const handle = await open(zipFile, "r");
  const local = Buffer.alloc(30);
  try {
    await handle.read(local, 0, 30, entry.localHeaderOffset);
  } finally {
    await handle.close();
  }
  if (local.readUInt32LE(0) !== LOCAL_HEADER) throw refuse("This zip file is damaged.");
  const dataStart = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  if (dataStart + entry.compressedSize > directoryOffset) throw refuse("This zip file is damaged.");

  // The declared size is a claim: the inflated bytes are counted and checked against it as they arrive.
  const limit = Math.min(entry.size, maxBytes);
  let written = 0;
  let crc = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      written += chunk.length;
      if (written > limit) {
        done(
          refuse(
            `Its ${TARGET} inflates to more than the zip says (${entry.size} bytes): the zip is damaged or hostile.`,
          ),
        );
        return;
      }
      crc = crc32(chunk, crc);
      done(null, chunk);
    },
  });
  const source = createReadStream(zipFile, {
    start: dataStart,
    end: dataStart + entry.compressedSize - 1,
    highWaterMark: 64 * 1024,
  });
  try {
    if (entry.method === 8) {
      await pipeline(
        source,
        createInflateRaw({ chunkSize: 64 * 1024 }),
        counter,
        createWriteStream(outFile, { mode: 0o600 }),
      );
    } else {
      await pipeline(source, counter, createWriteStream(outFile, { mode: 0o600 }));
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw refuse(`Its ${TARGET} could not be unzipped (the zip is damaged).`);
  }
  if (written !== entry.size || crc >>> 0 !== entry.crc) {
    throw refuse(`Its ${TARGET} does not match the zip's directory: the zip is damaged.`);
  }
}
