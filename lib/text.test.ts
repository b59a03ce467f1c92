import { describe, expect, it } from "vitest";
import { decodePathSegment } from "./text";

describe("decodePathSegment", () => {
  it("decodes escapes, and answers null for a malformed one instead of throwing", () => {
    expect(decodePathSegment("ada")).toBe("ada");
    expect(decodePathSegment("J%C3%BCrgen")).toBe("Jürgen");
    expect(decodePathSegment("%")).toBeNull();
    expect(decodePathSegment("ada%E0%A4%A")).toBeNull();
    expect(decodePathSegment("%C3")).toBeNull();
  });
});
