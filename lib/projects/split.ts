// Splitting a file's text into passages: about PASSAGE_CHARS characters each, ending at a paragraph, a sentence
// or a space when one is near, overlapping the previous one a little so an answer that straddles a cut is whole
// in one of them.

export const PASSAGE_CHARS = 1200;
const OVERLAP_CHARS = 150;

export interface TextSection {
  /** 1-based PDF page, null for text files. */
  page: number | null;
  text: string;
}

export interface SplitPassage {
  page: number | null;
  /** Character offset in the section's text (the page's for a PDF, the file's otherwise). */
  offset: number;
  text: string;
}

export function splitPassages(sections: TextSection[], size = PASSAGE_CHARS): SplitPassage[] {
  const out: SplitPassage[] = [];
  for (const section of sections) {
    const text = section.text;
    let start = skipSpace(text, 0);
    while (start < text.length) {
      let end = Math.min(text.length, start + size);
      if (end < text.length) end = breakPoint(text, start, end);
      const passage = text.slice(start, end).trim();
      if (passage) out.push({ page: section.page, offset: start, text: passage });
      if (end >= text.length) break;
      start = skipSpace(text, Math.max(end - OVERLAP_CHARS, start + 1));
      // Start the overlap at a word, not in the middle of one. Searched only up to `end`: an unbounded search
      // runs to the end of a text without spaces on every passage (quadratic on a large file).
      const space = text.slice(start, end).indexOf(" ");
      if (space !== -1) start = skipSpace(text, start + space);
    }
  }
  return out;
}

/** The best place to end a passage that would end at `end`: a paragraph, a sentence, or a space in its last third. */
function breakPoint(text: string, start: number, end: number): number {
  const min = start + Math.floor((end - start) * 0.6);
  // Searched within [min, end] only: lastIndexOf on the whole text scans back to its start when the mark is
  // missing (quadratic on a large file without blank lines or sentences).
  const window = text.slice(min, end);
  for (const mark of ["\n\n", ". ", "\n", " "]) {
    const at = window.lastIndexOf(mark, window.length - mark.length);
    if (at >= 0) return min + at + mark.length;
  }
  return end;
}

function skipSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && /\s/.test(text[i] ?? "")) i++;
  return i;
}
