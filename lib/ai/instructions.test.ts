import { describe, expect, it } from "vitest";
import { composeInstructions, DEFAULT_INSTRUCTIONS } from "./instructions";

describe("composeInstructions", () => {
  it("uses Parley's default when neither the conversation nor the account says anything", () => {
    expect(composeInstructions({ conversationPrompt: null, customInstructions: null })).toBe(DEFAULT_INSTRUCTIONS);
    expect(composeInstructions({ conversationPrompt: "  ", customInstructions: "\n" })).toBe(DEFAULT_INSTRUCTIONS);
  });

  it("uses the conversation's prompt alone, unchanged, when there are no custom instructions", () => {
    expect(composeInstructions({ conversationPrompt: " Talk like a pirate. ", customInstructions: undefined })).toBe(
      "Talk like a pirate.",
    );
  });

  it("adds the custom instructions after the default", () => {
    const out = composeInstructions({ conversationPrompt: null, customInstructions: "Answer in French." });
    expect(out.startsWith(DEFAULT_INSTRUCTIONS)).toBe(true);
    expect(out.endsWith("Answer in French.")).toBe(true);
    expect(out).not.toContain("take precedence");
  });

  it("puts the conversation's prompt first and says it wins over the custom instructions", () => {
    const out = composeInstructions({ conversationPrompt: "Talk like a pirate.", customInstructions: "Be brief." });
    expect(out).not.toContain(DEFAULT_INSTRUCTIONS);
    expect(out.indexOf("Talk like a pirate.")).toBe(0);
    expect(out.indexOf("Be brief.")).toBeGreaterThan(out.indexOf("Talk like a pirate."));
    expect(out).toContain("follow the instructions above");
  });
});
