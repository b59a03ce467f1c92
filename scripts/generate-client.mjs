// Generates the Prisma client for both dialects. PRISMA_SCHEMA_ENGINE_BINARY points at an existing file
// because `prisma generate` never runs the engine but otherwise tries to download it (no network here).
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const prismaBin = path.join(root, "node_modules", ".bin", "prisma");
const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: "1" };

for (const schema of ["prisma/schema.prisma", "prisma/postgresql/schema.prisma"]) {
  if (!existsSync(path.join(root, schema))) {
    console.error(`generate-client: ${schema} is missing`);
    process.exit(1);
  }
  execFileSync(prismaBin, ["generate", "--schema", schema], { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
}
console.log("generate-client: Prisma client generated for SQLite and PostgreSQL");
