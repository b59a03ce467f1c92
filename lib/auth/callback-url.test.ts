import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "./schemas";

// Where a browser would go from a page on `origin` when the server redirects to `location`.
function destination(location: string, origin: string): string {
  return new URL(location, `${origin}/login`).origin;
}

const ORIGINS = ["http://127.0.0.1:3000", "https://parley.example"];

function assertStaysHome(input: unknown) {
  const result = safeCallbackUrl(input);
  for (const origin of ORIGINS)
    expect(destination(result, origin), `${JSON.stringify(input)} → ${result}`).toBe(origin);
  expect(result.startsWith("/")).toBe(true);
  expect(result.startsWith("//")).toBe(false);
  expect(/[\s\\]/.test(result)).toBe(false);
  // Checking the output again changes nothing: what was validated is what the browser gets.
  expect(safeCallbackUrl(result)).toBe(result);
}

const ATTACKS = [
  "/.//evil.example/x",
  "/%2e%2e//evil.example/x",
  "/%2E%2E//evil.example/x",
  "/./%2e//evil.example/x",
  "/a/..//evil.example/x",
  "//evil.example/x",
  "/\\evil.example/x",
  "/\\x",
  "/%5Cx",
  "/%5C%5Cevil.example/x",
  "/\t/evil.example/x",
  "/\n/evil.example/x",
  "/\r\n/evil.example/x",
  "https://evil.example/x",
  "ht\ttps://evil.example/x",
  "java\nscript:alert(1)",
  "javascript:alert(1)",
  " //evil.example",
  "\\/evil.example",
];

describe("safeCallbackUrl", () => {
  it("keeps same-site paths with their query and fragment", () => {
    expect(safeCallbackUrl("/settings/sessions?x=1")).toBe("/settings/sessions?x=1");
    expect(safeCallbackUrl("/chat/abc#m1")).toBe("/chat/abc#m1");
    expect(safeCallbackUrl("/a/../settings")).toBe("/settings");
  });

  it.each(ATTACKS)("never leaves the site for %j", (attack) => {
    assertStaysHome(attack);
  });

  it("refuses non-strings and oversized values", () => {
    for (const value of [42, undefined, null, {}, `/${"a".repeat(5000)}`]) expect(safeCallbackUrl(value)).toBe("/");
  });

  it("every accepted value of any string resolves to this origin", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 80 }), assertStaysHome), { numRuns: 1000 });
  });

  it("every accepted value built from URL-confusing pieces resolves to this origin", () => {
    const piece = fc.constantFrom(
      "/",
      "\\",
      ".",
      "..",
      "%2e",
      "%2E",
      "%2f",
      "%5c",
      "%5C",
      "%09",
      "\t",
      "\n",
      "\r",
      " ",
      ":",
      "@",
      "?",
      "#",
      "evil.example",
      "http:",
      "https:",
      "javascript:",
      "x",
      "\u0000",
      "\u3002",
    );
    const candidate = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(""));
    fc.assert(fc.property(candidate, assertStaysHome), { numRuns: 5000 });
  });
});
