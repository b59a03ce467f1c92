// Model output writes math four ways: $$…$$ and \[…\] for display, $…$ and \(…\) for inline. remark-math only
// knows dollars, and with single dollars on it reads "$5 and $10" as a formula. So the text is rewritten before
// parsing: \[…\] and \(…\) become dollars, and a single $ stays math only under Pandoc's rule (an opening $ has
// a non-space after it, the closing $ a non-space before it and no digit after it, on the same line); every
// other $ is escaped, so prices stay prices. Code spans and fenced code are copied untouched. No imports:
// client components use it.

export interface MathText {
  /** The text with every math delimiter written as remark-math reads it. */
  text: string;
  /** Whether any math was found (the page loads the typesetter only then). */
  math: boolean;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Rewrites the math delimiters in Markdown `source` (see the top of this file). With `hide`, formulas are left
 * out instead: what a reply shows while the typesetter is still loading, rather than their raw source.
 */
export function normalizeMath(source: string, { hide = false }: { hide?: boolean } = {}): MathText {
  if (!/[$\\]/.test(source)) return { text: source, math: false };
  const out: string[] = [];
  let math = false;
  let prose: string[] = [];
  const flush = () => {
    if (prose.length === 0) return;
    const result = normalizeProse(prose.join("\n"), hide);
    math ||= result.math;
    out.push(result.text);
    prose = [];
  };
  const lines = source.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const open = FENCE.exec(line);
    if (!open) {
      prose.push(line);
      continue;
    }
    flush();
    const marker = open[1] as string;
    const block = [line];
    while (++i < lines.length) {
      const inner = lines[i] as string;
      block.push(inner);
      const close = FENCE.exec(inner);
      if (close && (close[1] as string)[0] === marker[0] && (close[1] as string).length >= marker.length) {
        if (inner.trim() === close[1]) break;
      }
    }
    out.push(block.join("\n"));
  }
  flush();
  return { text: out.join("\n"), math };
}

function isSpace(c: string | undefined): boolean {
  return c === undefined || c === " " || c === "\t" || c === "\n" || c === "\r";
}

/** The index of `needle` in `text` at or after `from`, skipping backslash escapes; -1 when absent. */
function findUnescaped(text: string, needle: string, from: number, stopAtNewline = false): number {
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (stopAtNewline && c === "\n") return -1;
    if (c === "\\" && !(needle.startsWith("\\") && text.startsWith(needle, i))) {
      i++;
      continue;
    }
    if (text.startsWith(needle, i)) return i;
  }
  return -1;
}

/** The spaces between the start of the line and `at`, or null when something else comes first. */
function indentBefore(text: string, at: number): string | null {
  let i = at;
  while (i > 0 && (text[i - 1] === " " || text[i - 1] === "\t")) i--;
  return i === 0 || text[i - 1] === "\n" ? text.slice(i, at) : null;
}

function onlySpaceAfter(text: string, at: number): boolean {
  let i = at;
  while (text[i] === " " || text[i] === "\t" || text[i] === "\r") i++;
  return i === text.length || text[i] === "\n";
}

/** Display math as a `$$` block of its own lines, indented like the line it came from (e.g. in a list item). */
function displayBlock(indent: string, body: string): string {
  const lines = body
    .trim()
    .split("\n")
    .map((line) => line.trim());
  return [`${indent}$$`, ...lines.map((line) => `${indent}${line}`), `${indent}$$`].join("\n");
}

function inlineMath(body: string): string {
  const joined = body
    .split("\n")
    .map((line) => line.trim())
    .join(" ");
  return `$$${joined.trim()}$$`;
}

function normalizeProse(text: string, hide: boolean): MathText {
  let out = "";
  let math = false;
  let i = 0;
  // A closer that is absent after one position is absent after every later one: remembering that keeps a long
  // run of unclosed openers linear.
  const missing = new Set<string>();
  const find = (closer: string, search: () => number) => {
    if (missing.has(closer)) return -1;
    const at = search();
    if (at === -1) missing.add(closer);
    return at;
  };
  while (i < text.length) {
    const c = text[i] as string;
    if (c === "`") {
      let run = 1;
      while (text[i + run] === "`") run++;
      const fence = "`".repeat(run);
      const close = find(fence, () => {
        let at = text.indexOf(fence, i + run);
        while (at !== -1 && (text[at + run] === "`" || text[at - 1] === "`")) {
          let end = at;
          while (text[end] === "`") end++;
          at = text.indexOf(fence, end);
        }
        return at;
      });
      const end = close === -1 ? i + run : close + run;
      out += text.slice(i, end);
      i = end;
      continue;
    }
    if (c === "\\") {
      const next = text[i + 1];
      if (next === "[" || next === "(") {
        const closer = next === "[" ? "\\]" : "\\)";
        const close = find(closer, () => findUnescaped(text, closer, i + 2));
        const body = close === -1 ? "" : text.slice(i + 2, close);
        if (close !== -1 && body.trim() !== "") {
          const before = indentBefore(text, i);
          if (next === "[" && before !== null && onlySpaceAfter(text, close + 2)) {
            out = out.slice(0, out.length - before.length) + (hide ? "" : displayBlock(before, body));
          } else {
            out += hide ? "" : inlineMath(body);
          }
          math = true;
          i = close + 2;
          continue;
        }
      }
      out += text.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (c === "$" && text[i + 1] === "$") {
      const close = find("$$", () => findUnescaped(text, "$$", i + 2));
      if (close === -1) {
        out += hide ? "" : text.slice(i);
        math ||= text.slice(i + 2).trim() !== "";
        break;
      }
      const body = text.slice(i + 2, close);
      const before = indentBefore(text, i);
      // "$$x$$" alone on its line is display math; remark-math would read it as inline.
      if (before !== null && onlySpaceAfter(text, close + 2) && body.trim() !== "" && !body.startsWith("\n")) {
        out = out.slice(0, out.length - before.length) + (hide ? "" : displayBlock(before, body));
      } else {
        out += hide ? "" : text.slice(i, close + 2);
      }
      math ||= body.trim() !== "";
      i = close + 2;
      continue;
    }
    if (c === "$") {
      const close = isSpace(text[i + 1]) ? -1 : findSingleDollarClose(text, i + 1);
      if (close === -1) {
        out += "\\$";
        i++;
        continue;
      }
      out += hide ? "" : text.slice(i, close + 1);
      math = true;
      i = close + 1;
      continue;
    }
    out += c;
    i++;
  }
  return { text: out, math };
}

/** The closing `$` of inline math opened just before `from`, on the same line, per Pandoc's rule; -1 if none. */
function findSingleDollarClose(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === "\n") return -1;
    if (c === "\\") {
      i++;
      continue;
    }
    if (c !== "$") continue;
    if (text[i + 1] === "$") return -1;
    if (isSpace(text[i - 1])) return -1;
    if (/[0-9]/.test(text[i + 1] ?? "")) return -1;
    return i;
  }
  return -1;
}
