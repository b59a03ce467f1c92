// Small real files built in code for attachment tests (unit and browser): a PNG of any size, a PDF with text
// on each page, and a PDF with no text layer (what a scanned document looks like to a text extractor).
import { pipeline } from "node:stream/promises";
import { crc32, createDeflate, deflateSync } from "node:zlib";

export function pngBytes(width: number, height: number, rgb: [number, number, number] = [40, 120, 200]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(pixels)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A PDF with one page per entry of `pages` showing that text (Helvetica); empty strings make blank pages. */
export function pdfBytes(pages: string[]): Buffer {
  const objects: string[] = [];
  const add = (body: string) => objects.push(body) + 0;
  add("<< /Type /Catalog /Pages 2 0 R >>");
  add(""); // the page tree, filled in below
  add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  const kids: number[] = [];
  for (const text of pages) {
    const escaped = text.replace(/[\\()]/g, (c) => `\\${c}`);
    const stream = text ? `BT /F1 18 Tf 72 720 Td (${escaped}) Tj ET` : "";
    add(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
    const contentId = objects.length;
    add(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${contentId} 0 R >>`,
    );
    kids.push(objects.length);
  }
  objects[1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(" ")}] /Count ${kids.length} >>`;
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out);
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

/**
 * A one-page PDF whose single content stream is `inflatedBytes` of repeated text operators, deflated: a few
 * hundred KB (50 MB inflated) to a few MB (1 GB inflated) on disk. What an attacker uploads to stall a text
 * extractor.
 */
export async function pdfBomb(inflatedBytes: number): Promise<Buffer> {
  const line = Buffer.from("BT /F1 12 Tf 72 712 Td (All work and no play makes a dull bomb) Tj ET\n", "latin1");
  const block = Buffer.concat(Array.from({ length: Math.ceil((1 << 20) / line.length) }, () => line));
  const parts: Buffer[] = [];
  const deflate = createDeflate({ level: 9 });
  deflate.on("data", (chunk: Buffer) => parts.push(chunk));
  // Streamed so that a gigabyte costs one megabyte-sized block at a time.
  await pipeline(async function* () {
    for (let written = 0; written < inflatedBytes; written += block.length) yield block;
  }, deflate);
  const stream = Buffer.concat(parts);
  const head = [
    "%PDF-1.4",
    "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj",
    "2 0 obj\n<< /Type /Pages /Kids [4 0 R] /Count 1 >>\nendobj",
    "3 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>\nendobj",
    "4 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>\nendobj",
    "",
  ].join("\n");
  const offsets: number[] = [];
  let at = Buffer.byteLength(head.split("1 0 obj")[0] ?? "");
  for (const match of head.matchAll(/\d+ 0 obj/g)) offsets.push(match.index ?? at);
  at = Buffer.byteLength(head);
  offsets.push(at);
  const streamHead = Buffer.from(`5 0 obj\n<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`, "latin1");
  const streamTail = Buffer.from("\nendstream\nendobj\n", "latin1");
  const xrefAt = at + streamHead.length + stream.length + streamTail.length;
  let tail = `xref\n0 6\n0000000000 65535 f \n`;
  for (const offset of offsets) tail += `${String(offset).padStart(10, "0")} 00000 n \n`;
  tail += `trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.concat([Buffer.from(head, "latin1"), streamHead, stream, streamTail, Buffer.from(tail, "latin1")]);
}
