import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;
const pgUrl = process.env.TEST_DATABASE_URL_PG;

const testEnv = { PARLEY_LOG_LEVEL: "silent", AUTH_SECRET: "vitest-only-secret-0123456789abcdef" };

const shared = {
  environment: "node" as const,
  testTimeout: 30_000,
  // next-auth imports "next/server" without an extension, which only a bundler resolves.
  server: { deps: { inline: ["next-auth"] } },
  hookTimeout: 60_000,
};

// Tests named *.db.test.ts touch the database: they run once on SQLite and, when TEST_DATABASE_URL_PG
// is set, again on PostgreSQL. Every test file gets its own freshly migrated database.
const databaseProject = (dialect: "sqlite" | "postgresql") => ({
  extends: true as const,
  test: {
    ...shared,
    name: dialect,
    include: ["**/*.db.test.ts"],
    exclude: ["node_modules/**", ".next*/**"],
    globalSetup: [`test/global-setup.${dialect}.ts`],
    setupFiles: ["test/setup-db.ts"],
    env: { ...testEnv, PARLEY_TEST_DIALECT: dialect },
  },
});

if (!pgUrl && !process.env.VITEST_WORKER_ID) {
  console.log(
    "PostgreSQL suite skipped: TEST_DATABASE_URL_PG is not set (e.g. postgresql://postgres@127.0.0.1:5432/postgres).",
  );
}

export default defineConfig({
  resolve: {
    alias: {
      "server-only": path.join(root, "test/empty-module.ts"),
      "@": root,
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          ...shared,
          name: "unit",
          include: ["**/*.test.ts"],
          exclude: ["**/*.db.test.ts", "node_modules/**", ".next*/**", "e2e/**"],
          env: testEnv,
        },
      },
      // React hooks and components, in a browser-like DOM (happy-dom): *.test.tsx under components/.
      {
        extends: true,
        test: {
          ...shared,
          name: "components",
          environment: "happy-dom",
          include: ["components/**/*.test.tsx"],
          exclude: ["node_modules/**", ".next*/**"],
          env: testEnv,
        },
      },
      databaseProject("sqlite"),
      ...(pgUrl ? [databaseProject("postgresql")] : []),
    ],
  },
});
