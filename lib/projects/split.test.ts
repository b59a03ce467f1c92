import { describe, expect, it } from "vitest";
import { PASSAGE_CHARS, splitPassages } from "./split";

// Large texts without the marks a passage ends at (no blank line, no ". ", no space) once made the split
// quadratic: each passage searched the whole text for its mark. They must split in linear time.
describe("splitPassages on large texts without break marks", () => {
  it("splits 5 MB without a single space in well under 2 s", () => {
    const text = "x".repeat(5_000_000);
    const began = performance.now();
    const passages = splitPassages([{ page: null, text }]);
    expect(performance.now() - began).toBeLessThan(2000);
    expect(passages.length).toBeGreaterThan(text.length / PASSAGE_CHARS);
    expect(passages.every((p) => p.text.length <= PASSAGE_CHARS)).toBe(true);
  });

  it("splits 2 MB of CSV-like lines (no blank line, no sentence) in well under 2 s, at line ends", () => {
    const text = "2026-01-01,alpha,beta,1234.5,gamma\n".repeat(Math.ceil(2_000_000 / 35));
    const began = performance.now();
    const passages = splitPassages([{ page: null, text }]);
    expect(performance.now() - began).toBeLessThan(2000);
    expect(passages.length).toBeGreaterThan(text.length / PASSAGE_CHARS);
    expect(passages.every((p) => p.text.endsWith("1234.5,gamma"))).toBe(true);
  });

  it("still ends a passage at a paragraph when there is one", () => {
    const text = `${"word ".repeat(200)}\n\n${"more ".repeat(200)}`;
    const [first] = splitPassages([{ page: null, text }]);
    expect(first?.text).toBe("word ".repeat(200).trim());
  });
});
