import { describe, expect, it } from "vitest";
import { shortenAtWord, titleFromText } from "./title";

describe("titles", () => {
  it("takes the first six words and says with an ellipsis when there was more", () => {
    expect(titleFromText("Tell me about streaming")).toBe("Tell me about streaming");
    expect(titleFromText("Make a table of the planets with their moons")).toBe("Make a table of the planets…");
    expect(titleFromText("What is this?")).toBe("What is this");
    expect(titleFromText("   ")).toBe("New chat");
  });

  it("cuts a long title after a whole word, never mid-word", () => {
    const title = titleFromText(
      "Internationalisation considerations for multilingual accessibility-focused applications",
    );
    expect(title.length).toBeLessThanOrEqual(60);
    expect(title.endsWith("…")).toBe(true);
    expect("Internationalisation considerations for multilingual accessibility-focused applications").toContain(
      title.slice(0, -1),
    );
    expect(title.slice(0, -1)).toMatch(/(considerations|multilingual)$/);
    expect(shortenAtWord("Supercalifragilisticexpialidocious".repeat(3), 20)).toHaveLength(20);
    expect(shortenAtWord("A short one, then more words here", 16)).toBe("A short one…");
  });
});
