import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { check } from "recheck";
import { type ESTree, parseSync, Visitor } from "rolldown/utils";
import { describe, expect, it } from "vitest";

// Every regular expression in the app's sources is checked for super-linear backtracking (ReDoS), so a
// new one that one request could use to block the event loop fails CI.
const root = path.resolve(import.meta.dirname, "..");
const SOURCE_DIRS = ["lib", "app", "components"];
const SOURCE_FILE = /\.(?:ts|tsx|js|mjs)$/;

interface FoundRegex {
  where: string;
  source: string;
  flags: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(full);
    return SOURCE_FILE.test(entry.name) ? [full] : [];
  });
}

function regexesIn(file: string): { found: FoundRegex[]; dynamic: string[] } {
  const code = readFileSync(file, "utf8");
  const relative = path.relative(root, file);
  const lineOf = (offset: number) => code.slice(0, offset).split("\n").length;
  const { program, errors } = parseSync(relative, code);
  if (errors.length > 0) throw new Error(`${relative} does not parse: ${errors[0]?.message}`);
  const found: FoundRegex[] = [];
  const dynamic: string[] = [];
  const onRegExpCall = (node: ESTree.CallExpression | ESTree.NewExpression) => {
    if (node.callee.type !== "Identifier" || node.callee.name !== "RegExp") return;
    const [pattern, flags] = node.arguments;
    const where = `${relative}:${lineOf(node.start)}`;
    if (pattern?.type === "Literal" && typeof pattern.value === "string") {
      const flagText = flags?.type === "Literal" && typeof flags.value === "string" ? flags.value : "";
      found.push({ where, source: pattern.value, flags: flagText });
    } else {
      dynamic.push(where);
    }
  };
  new Visitor({
    Literal(node) {
      if ("regex" in node && node.regex) {
        found.push({ where: `${relative}:${lineOf(node.start)}`, source: node.regex.pattern, flags: node.regex.flags });
      }
    },
    NewExpression: onRegExpCall,
    CallExpression: onRegExpCall,
  }).visit(program);
  return { found, dynamic };
}

// Tests are excluded: their patterns only ever see the tests' own strings.
const files = SOURCE_DIRS.flatMap((dir) => sourceFiles(path.join(root, dir))).filter((f) => !/\.test\.tsx?$/.test(f));
const scanned = files.map(regexesIn);
const regexes = scanned.flatMap((s) => s.found);
const dynamic = scanned.flatMap((s) => s.dynamic);

describe("regular expressions in lib/, app/ and components/", () => {
  it("finds the regular expressions it is meant to check", () => {
    expect(files.length).toBeGreaterThan(50);
    expect(regexes.length).toBeGreaterThan(20);
  });

  it("builds no RegExp from a value that cannot be checked", () => {
    expect(dynamic).toEqual([]);
  });

  it("has no regular expression with super-linear backtracking", { timeout: 300_000 }, async () => {
    const unsafe: string[] = [];
    for (const { where, source, flags } of regexes) {
      const diagnostics = await check(source, flags, { timeout: 10_000 });
      if (diagnostics.status !== "safe") {
        const detail =
          diagnostics.status === "vulnerable" ? diagnostics.complexity.summary : `unknown (${diagnostics.error.kind})`;
        unsafe.push(`${where} /${source}/${flags}: ${detail}`);
      }
    }
    expect(unsafe).toEqual([]);
  });
});
