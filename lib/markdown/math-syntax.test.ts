import { describe, expect, it } from "vitest";
import { normalizeMath } from "./math-syntax";

describe("normalizeMath", () => {
  it("keeps prices as dollar signs: a single $ is math only under Pandoc's rule", () => {
    for (const text of [
      "It costs $5 and $10.",
      "$5/$10 per month",
      "Save $20,000 or $30,000 this year",
      "from $5 to $ 10",
      "a lone $ sign",
      "US$ 3 and $x",
    ]) {
      const result = normalizeMath(text);
      expect(result.math, text).toBe(false);
      expect(result.text.replace(/\\\$/g, "$"), text).toBe(text);
      expect(result.text, text).not.toMatch(/(^|[^\\])\$/);
    }
  });

  it("reads $…$ with no space inside as inline math", () => {
    expect(normalizeMath("Euler: $e^{i\\pi} + 1 = 0$, and $x$.")).toEqual({
      text: "Euler: $e^{i\\pi} + 1 = 0$, and $x$.",
      math: true,
    });
    expect(normalizeMath("between $a$ and $b$ costs $5").text).toBe("between $a$ and $b$ costs \\$5");
  });

  it("turns \\( \\) into inline math and \\[ \\] on its own lines into a display block", () => {
    expect(normalizeMath("where \\( x^2 \\) grows").text).toBe("where $$x^2$$ grows");
    expect(normalizeMath("Then\n\\[\n\\int_0^1 x\\,dx = \\frac12\n\\]\nso.").text).toBe(
      "Then\n$$\n\\int_0^1 x\\,dx = \\frac12\n$$\nso.",
    );
    expect(normalizeMath("- item\n  \\[ a+b \\]").text).toBe("- item\n  $$\n  a+b\n  $$");
    expect(normalizeMath("inline \\[a\\] here").text).toBe("inline $$a$$ here");
  });

  it("makes $$…$$ alone on a line a display block and keeps $$ blocks as they are", () => {
    expect(normalizeMath("$$E = mc^2$$").text).toBe("$$\nE = mc^2\n$$");
    expect(normalizeMath("$$\na $5 b\n$$")).toEqual({ text: "$$\na $5 b\n$$", math: true });
  });

  it("leaves code spans, fenced code and escapes alone", () => {
    const text = "Run `echo $HOME $x$` then:\n\n```sh\nexport A=$5 \\[x\\]\n```\n\nand \\$5, \\\\ ok";
    const result = normalizeMath(text);
    expect(result.text).toBe(text);
    expect(result.math).toBe(false);
  });

  it("can leave formulas out, for the moment before the typesetter has loaded", () => {
    expect(normalizeMath("A $x$ b \\(y\\) c $5\n\n$$\nz\n$$\n\\[ w \\]", { hide: true }).text).toBe(
      "A  b  c \\$5\n\n\n",
    );
  });

  it("does not read an unclosed \\[ or \\( as math", () => {
    expect(normalizeMath("a \\[ b").text).toBe("a \\[ b");
    expect(normalizeMath("a \\( b").math).toBe(false);
  });

  it("scans a long hostile line in linear time (a quadratic scan takes over 20 s)", () => {
    const text = `${"$a ".repeat(20_000)}${"\\(".repeat(20_000)}${"\\[".repeat(20_000)}${"$$ ".repeat(9_999)}${"`` ` ".repeat(10_000)}`;
    const started = performance.now();
    normalizeMath(text);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
