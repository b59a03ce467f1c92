import { describe, expect, it } from "vitest";
import { parseTheme, themeClassName } from "./theme";

describe("parseTheme", () => {
  it("keeps a known choice and follows the device for anything else", () => {
    expect(parseTheme("dark")).toBe("dark");
    expect(parseTheme("light")).toBe("light");
    expect(parseTheme("system")).toBe("system");
    for (const value of [undefined, null, "", "DARK", "dark ", "toString", "__proto__", 1, ["dark"]]) {
      expect(parseTheme(value)).toBe("system");
    }
  });

  it("pins the class only for light and dark", () => {
    expect(themeClassName("system")).toBeUndefined();
    expect(themeClassName("dark")).toBe("dark");
  });
});
