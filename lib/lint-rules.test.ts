import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
const dir = mkdtempSync(path.join(tmpdir(), "parley-lint-"));
const config = JSON.parse(readFileSync(path.join(root, "biome.json"), "utf8"));
delete config.$schema;
writeFileSync(path.join(dir, "biome.json"), JSON.stringify(config));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Whether Biome, with the project's configuration, passes `source` at `file` (the allow-list is by path). */
function lintPasses(file: string, source: string): { ok: boolean; output: string } {
  const target = path.join(dir, file);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, source);
  const r = spawnSync(path.join(root, "node_modules", ".bin", "biome"), ["lint", file], { cwd: dir, encoding: "utf8" });
  rmSync(target);
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

describe("configuration is read only through lib/env.ts", () => {
  const source = "export const secret = process.env.AUTH_SECRET;\n";

  it("fails the lint on a new process.env in the app", () => {
    for (const file of ["lib/chat/new-module.ts", "app/api/v1/new/route.ts", "components/chat/new.tsx"]) {
      const result = lintPasses(file, source);
      expect(result.ok, file).toBe(false);
      expect(result.output).toContain("noProcessEnv");
    }
  });

  it("allows it in lib/env.ts, scripts, tests and config files", () => {
    for (const file of [
      "lib/env.ts",
      "scripts/new.ts",
      "lib/chat/new.test.ts",
      "e2e/new.spec.ts",
      "vitest.config.ts",
    ]) {
      const result = lintPasses(file, source);
      expect(result.ok, `${file}: ${result.output}`).toBe(true);
    }
  });
});
