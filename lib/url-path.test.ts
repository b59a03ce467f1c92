import { describe, expect, it } from "vitest";
import { decodePath } from "./url-path.js";

describe("decodePath", () => {
  it("decodes escapes, and answers null for a malformed one instead of throwing", () => {
    expect(decodePath("ada")).toBe("ada");
    expect(decodePath("J%C3%BCrgen")).toBe("Jürgen");
    expect(decodePath("%")).toBeNull();
    expect(decodePath("ada%E0%A4%A")).toBeNull();
    expect(decodePath("%C3")).toBeNull();
  });

  it("judges the path only, not the query string after it", () => {
    expect(decodePath("/api/v1/conversations?q=%")).toBe("/api/v1/conversations");
    expect(decodePath("/api/v1/a%E0%A4%A?q=1")).toBeNull();
  });
});
