import { describe, expect, it } from "vitest";
import { evaluate } from "./calculator";

describe("calculator", () => {
  it("follows precedence, parentheses, powers and unary minus", () => {
    expect(evaluate("2 + 3 * 4")).toBe(14);
    expect(evaluate("(2 + 3) * 4")).toBe(20);
    expect(evaluate("2 ^ 3 ^ 2")).toBe(512);
    expect(evaluate("-3 + 5")).toBe(2);
    expect(evaluate("10 % 4")).toBe(2);
    expect(evaluate("7 ÷ 2 × 4")).toBe(14);
    expect(evaluate("0.1 + 0.2")).toBe(0.3);
  });

  it("refuses anything that is not arithmetic", () => {
    expect(() => evaluate("process.exit()")).toThrow();
    expect(() => evaluate("2 +")).toThrow("ended too early");
    expect(() => evaluate("(1 + 2")).toThrow("parenthesis");
    expect(() => evaluate("1 / 0")).toThrow("Division by zero");
    expect(() => evaluate("")).toThrow();
  });
});
