import { describe, expect, it } from "vitest";
import { stableStreamingText } from "./streaming";

describe("stableStreamingText", () => {
  it("holds back a table until its delimiter row is complete, then shows the rows as they come", () => {
    expect(stableStreamingText("Planets:\n\n| Planet | Moons |")).toBe("Planets:");
    expect(stableStreamingText("Planets:\n\n| Planet | Moons |\n| --- | -")).toBe("Planets:");
    expect(stableStreamingText("Planets:\n\n| Planet | Moons |\n| --- | --- |\n")).toBe(
      "Planets:\n\n| Planet | Moons |\n| --- | --- |\n",
    );
    expect(stableStreamingText("| a | b |\n| --- | --- |\n| Mars | 2")).toBe("| a | b |\n| --- | --- |\n| Mars | 2");
  });

  it("holds back a display formula until it is closed", () => {
    expect(stableStreamingText("Area:\n\n$$\n\\frac{a}{")).toBe("Area:");
    expect(stableStreamingText("Area:\n\\[\n\\pi r^2")).toBe("Area:");
    expect(stableStreamingText("Area:\n\n$$\n\\pi r^2\n$$\n\nso")).toBe("Area:\n\n$$\n\\pi r^2\n$$\n\nso");
  });

  it("drops an inline formula or link whose end has not arrived, but keeps prices", () => {
    expect(stableStreamingText("The energy $E = mc")).toBe("The energy");
    expect(stableStreamingText("The energy \\(E = mc")).toBe("The energy");
    expect(stableStreamingText("It costs $5 and $1")).toBe("It costs $5 and $1");
    expect(stableStreamingText("Done: $x$ and $y")).toBe("Done: $x$ and");
    expect(stableStreamingText("See [the docs](https://exa")).toBe("See");
  });

  it("closes emphasis and code spans for the moment", () => {
    expect(stableStreamingText("This is **bold")).toBe("This is **bold**");
    expect(stableStreamingText("Run `npm te")).toBe("Run `npm te`");
    expect(stableStreamingText("**done** and `x`")).toBe("**done** and `x`");
  });

  it("leaves an open code fence alone: it renders as a growing code block", () => {
    const text = "Code:\n\n```ts\nconst a = $x | **b";
    expect(stableStreamingText(text)).toBe(text);
  });

  it("stays linear on a long hostile tail", () => {
    const text = `${"[".repeat(50_000)}${"$a ".repeat(30_000)}${"| x ".repeat(20_000)}`;
    const started = performance.now();
    stableStreamingText(text);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
