// A reply that is still streaming ends mid-construct: half a table, an open formula, "**bol". Rendered as is,
// the unfinished part shows as raw syntax and then snaps into shape. The tail is therefore held back until it
// can render as what it will become (a table once its delimiter row is complete, a formula once closed), and
// unclosed emphasis or code spans are closed for the moment. Only the text on screen changes; the stored
// reply is untouched. No imports: client components use it.

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const DELIMITER_CELL = /^:?-+:?$/;

/** A table's delimiter row (`| --- | :-: |`): cells of dashes with optional colons, split without backtracking. */
function isTableDelimiter(line: string): boolean {
  let row = line.trim();
  if (row.startsWith("|")) row = row.slice(1);
  if (row.endsWith("|")) row = row.slice(0, -1);
  return row.split("|").every((cell) => DELIMITER_CELL.test(cell.trim()));
}

/** The part of a streaming reply that renders without flashing raw syntax (see the top of this file). */
export function stableStreamingText(text: string): string {
  const lines = text.split("\n");
  // An open code fence renders as a code block that grows: nothing to hold back after it.
  let fenceOpenedAt = -1;
  let marker = "";
  let mathOpenedAt = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const fence = FENCE.exec(line);
    if (fenceOpenedAt === -1 && mathOpenedAt === -1 && fence) {
      fenceOpenedAt = i;
      marker = fence[1] as string;
      continue;
    }
    if (fenceOpenedAt !== -1) {
      if (fence && line.trim() === fence[1] && fence[1]?.[0] === marker[0] && fence[1].length >= marker.length) {
        fenceOpenedAt = -1;
      }
      continue;
    }
    const trimmed = line.trim();
    if (mathOpenedAt === -1 && (trimmed === "$$" || trimmed === "\\[")) mathOpenedAt = i;
    else if (mathOpenedAt !== -1 && (trimmed === "$$" || trimmed === "\\]")) mathOpenedAt = -1;
  }
  if (fenceOpenedAt !== -1) return text;
  if (mathOpenedAt !== -1) return lines.slice(0, mathOpenedAt).join("\n").trimEnd();

  const blockStart = lastBlockStart(lines);
  const head = lines.slice(0, blockStart);
  const block = lines.slice(blockStart);
  if (isUnfinishedTable(block, text.endsWith("\n"))) return head.join("\n").trimEnd();
  const last = closeInline(block.join("\n"));
  return [...head, last].join("\n");
}

function lastBlockStart(lines: string[]): number {
  for (let i = lines.length - 1; i > 0; i--) if ((lines[i - 1] as string).trim() === "") return i;
  return 0;
}

/** A table whose header or delimiter row is still arriving would show as a paragraph of pipes. */
function isUnfinishedTable(block: string[], endsWithNewline: boolean): boolean {
  const rows = block.filter((line) => line.trim() !== "");
  if (rows.length === 0 || !rows[0]?.trim().startsWith("|")) return false;
  if (rows.length === 1) return true;
  const delimiterDone = rows.length > 2 || endsWithNewline;
  return !(delimiterDone && isTableDelimiter(rows[1] as string));
}

/** Closes what the last paragraph leaves open, and drops a formula or link whose end has not arrived. */
function closeInline(paragraph: string): string {
  let text = paragraph;
  const dollar = openInlineMath(text);
  if (dollar !== -1) text = text.slice(0, dollar).trimEnd();
  const link = openLink(text);
  if (link !== -1) text = text.slice(0, link).trimEnd();
  const withoutCode = text.replace(/`[^`\n]*`/g, "");
  if ((withoutCode.match(/`/g) ?? []).length % 2 === 1) return `${text}\``;
  const strong = (withoutCode.match(/\*\*/g) ?? []).length;
  if (strong % 2 === 1 && !/\*\*\s*$/.test(text)) return `${text}**`;
  if (strong % 2 === 1) return text.replace(/\*\*\s*$/, "");
  return text;
}

/** Where a link on the last line opens whose text or address is still arriving; -1 if none. */
function openLink(text: string): number {
  const line = text.lastIndexOf("\n") + 1;
  const open = text.lastIndexOf("[");
  if (open < line) return -1;
  const close = text.indexOf("]", open);
  if (close === -1) return open;
  return text[close + 1] === "(" && !text.includes(")", close) ? open : -1;
}

/** Where an inline formula opens that has not closed yet (`\(`, `$$`, or `$` before a non-digit); -1 if none. */
function openInlineMath(text: string): number {
  const line = text.lastIndexOf("\n") + 1;
  const tail = text.slice(line);
  const paren = tail.lastIndexOf("\\(");
  if (paren !== -1 && !tail.includes("\\)", paren)) return line + paren;
  let open = -1;
  for (let i = 0; i < tail.length; i++) {
    const c = tail[i];
    if (c === "\\") {
      i++;
      continue;
    }
    if (c === "`") {
      const close = tail.indexOf("`", i + 1);
      if (close === -1) break;
      i = close;
      continue;
    }
    if (c !== "$") continue;
    if (tail[i + 1] === "$") {
      const close = tail.indexOf("$$", i + 2);
      if (close === -1) return line + i;
      i = close + 1;
      continue;
    }
    if (open === -1) {
      if (/[^\s\d$]/.test(tail[i + 1] ?? " ")) open = i;
    } else if (!/\s/.test(tail[i - 1] ?? " ")) open = -1;
  }
  return open === -1 ? -1 : line + open;
}
