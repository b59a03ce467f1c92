import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
export const chromiumPath = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  // One retry in CI keeps a timing hiccup on a loaded machine from failing the run; `npm test` reports any
  // test that needed it as flaky, so it is seen and fixed rather than hidden.
  retries: process.env.CI ? 1 : 0,
  // A test's timeout catches a hang, not slowness: CI runs two workers on two cores beside two servers.
  timeout: process.env.CI ? 60_000 : 30_000,
  expect: { timeout: 10_000 },
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [["list"], ["json"]] : "list",
  globalSetup: "./e2e/global-setup.ts",
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromiumPath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    // The real start path (migrations, build when stale) on a throw-away database.
    command: "node e2e/serve.mjs",
    url: `http://127.0.0.1:${port}/login`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      PORT: String(port),
      APP_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: "file:./data/e2e/parley.db",
      PARLEY_DATA_DIR: "data/e2e",
      AUTH_SECRET: "e2e-secret-not-for-production-0123456789",
      PARLEY_LOG_LEVEL: "warn",
      // Slow enough that a test can stop or reload a reply while it streams.
      PARLEY_OFFLINE_DELAY_MS: "25",
      // Every test signs up its own people from 127.0.0.1: more than a real network's hourly 100.
      PARLEY_SIGNUPS_PER_IP_PER_HOUR: "10000",
    },
  },
});
