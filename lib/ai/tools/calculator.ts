import { tool, zodSchema } from "ai";
import { z } from "zod";

export const calculatorInput = z.object({
  expression: z
    .string()
    .min(1)
    .max(200)
    .describe("An arithmetic expression with numbers, + - * / % ^ and parentheses, e.g. (2 + 3) * 4"),
});

/** Evaluates arithmetic with a small recursive-descent parser (never `eval`). Throws on bad input. */
export function evaluate(expression: string): number {
  const tokens = expression.match(/\d+(?:\.\d+)?(?:e[+-]?\d+)?|\*\*|[-+*/%^()×÷]|\S/gi) ?? [];
  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => tokens[pos++];

  const primary = (): number => {
    const token = next();
    if (token === undefined) throw new Error("The expression ended too early.");
    if (token === "(") {
      const value = sum();
      if (next() !== ")") throw new Error("A closing parenthesis is missing.");
      return value;
    }
    if (token === "-") return -unary();
    if (token === "+") return unary();
    const value = Number(token);
    if (!Number.isFinite(value)) throw new Error(`Unexpected "${token}".`);
    return value;
  };
  const unary = (): number => primary();
  const power = (): number => {
    const base = unary();
    if (peek() === "^" || peek() === "**") {
      next();
      return base ** power();
    }
    return base;
  };
  const product = (): number => {
    let value = power();
    for (let op = peek(); op === "*" || op === "/" || op === "%" || op === "×" || op === "÷"; op = peek()) {
      next();
      const right = power();
      if ((op === "/" || op === "÷" || op === "%") && right === 0) throw new Error("Division by zero.");
      value = op === "*" || op === "×" ? value * right : op === "%" ? value % right : value / right;
    }
    return value;
  };
  const sum = (): number => {
    let value = product();
    for (let op = peek(); op === "+" || op === "-"; op = peek()) {
      next();
      value = op === "+" ? value + product() : value - product();
    }
    return value;
  };

  if (tokens.length === 0) throw new Error("The expression is empty.");
  const result = sum();
  if (pos !== tokens.length) throw new Error(`Unexpected "${tokens[pos]}".`);
  if (!Number.isFinite(result)) throw new Error("The result is not a finite number.");
  // Round away binary noise such as 0.1 + 0.2 = 0.30000000000000004.
  return Number.parseFloat(result.toPrecision(12));
}

// zodSchema converts to JSON Schema once and keeps it (see search-conversations.ts for why it matters).
export const calculatorTool = tool({
  description: "Evaluate an arithmetic expression exactly. Use it for any calculation.",
  inputSchema: zodSchema(calculatorInput),
  execute: async ({ expression }) => ({ expression, result: evaluate(expression) }),
});
