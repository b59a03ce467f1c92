import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { type MockServer, startMockServer } from "../test/openai-mock-server";
import { AuthPage, newAccount } from "./pages/auth-page";
import { ChatPage } from "./pages/chat-page";

// Connections are instance-wide, so this spec runs its own Parley (same build, own database: its first sign-up
// is the admin). The environment names one OpenAI-compatible mock server; the admin adds a second one in
// Admin → Models, whose model reasons.
const port = Number(process.env.E2E_PORT ?? 3100) + 25;
const baseURL = `http://127.0.0.1:${port}`;
const root = path.resolve(import.meta.dirname, "..");
const shots = process.env.PARLEY_SCREENSHOTS;
let envServer: MockServer;
let lab: MockServer;
let app: ChildProcess;
const admin = newAccount("models-admin");

test.describe.configure({ mode: "serial" });
test.use({ baseURL });

test.beforeAll(async ({ browser }) => {
  test.setTimeout(90_000);
  envServer = await startMockServer(0, { models: ["env-model"] });
  lab = await startMockServer(0, { models: ["qwen3:8b", "llama3.2:3b"], apiKey: "sk-lab-secret-7781" });
  const database = { DATABASE_URL: "file:./data/e2e-connections/parley.db", PARLEY_DATA_DIR: "data/e2e-connections" };
  rmSync(path.join(root, "data/e2e-connections"), { recursive: true, force: true });
  const migrated = spawnSync(
    process.execPath,
    [path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/db.ts", "migrate"],
    { cwd: root, env: { ...process.env, ...database }, encoding: "utf8" },
  );
  if (migrated.status !== 0) throw new Error(`Migrating the connections database failed: ${migrated.stderr}`);
  app = spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", String(port)], {
    cwd: root,
    stdio: "ignore",
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      AUTH_TRUST_HOST: "true",
      AUTH_SECRET: "e2e-secret-not-for-production-0123456789",
      APP_URL: baseURL,
      ...database,
      PARLEY_LOG_LEVEL: "error",
      OPENAI_BASE_URL: envServer.baseURL,
      PARLEY_MODELS: "env-model=Env Model",
    },
  });
  for (let i = 0; i < 150; i++) {
    const ok = await fetch(`${baseURL}/login`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) break;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  const context = await browser.newContext({ baseURL });
  await new AuthPage(await context.newPage()).signUp(admin);
  await context.close();
});

test.afterAll(async () => {
  app?.kill("SIGTERM");
  await envServer?.close();
  await lab?.close();
});

async function asAdmin(page: Page) {
  await new AuthPage(page).logIn(admin.username, admin.password);
  await expect(page).not.toHaveURL(/\/login/, { timeout: 30_000 });
}

test("an admin adds a connection, tests it, and its models join the picker with the connection's name", async ({
  page,
}) => {
  test.setTimeout(60_000);
  await asAdmin(page);
  await page.goto("/admin/models");
  await expect(page.getByRole("article", { name: "Connection Environment" })).toContainText("read-only");
  await page.getByLabel("Name").fill("Lab");
  await page.getByLabel("Base URL").fill(lab.baseURL);
  await page.getByLabel("API key").fill("sk-lab-secret-7781");
  await page.getByRole("button", { name: "Add connection" }).click();
  await expect(page.getByText("Added “Lab”. HTTP 200: 2 chat models listed. 2 enabled.")).toBeVisible();
  const card = page.getByRole("article", { name: "Connection Lab" });
  await expect(card).toContainText("key …7781");
  await expect(page.locator("body")).not.toContainText("sk-lab-secret");
  await card.getByRole("button", { name: "Test Lab" }).click();
  await expect(card.getByRole("status").filter({ hasText: "HTTP 200" }).first()).toHaveText(
    "HTTP 200: 2 chat models listed.",
  );

  const chat = new ChatPage(page);
  await chat.goto();
  const picker = chat.main.getByRole("combobox", { name: "Model" });
  await expect(picker.getByRole("option")).toHaveText([
    "Env Model · Environment",
    "qwen3:8b · Lab",
    "llama3.2:3b · Lab",
  ]);
});

test("reasoning shows as Thinking… while it streams, then Thought for N s, apart from the answer, after a reload too", async ({
  page,
}) => {
  test.setTimeout(60_000);
  await asAdmin(page);
  const chat = new ChatPage(page);
  await chat.goto();
  // The effort control is offered for models marked as taking one (qwen3 is, by its family), not for others.
  const effort = chat.main.getByRole("combobox", { name: "Reasoning effort" });
  await expect(chat.main.getByRole("combobox", { name: "Model" })).toHaveValue("env-model");
  await expect(effort).toBeHidden();
  await chat.main.getByRole("combobox", { name: "Model" }).selectOption("qwen3:8b");
  await expect(effort).toHaveValue("medium");
  await effort.selectOption("high");
  await chat.send(
    "[[reason:The person wants a sum. Two plus two is four, so I will say so plainly.]] [[text:It is 4.]] [[delay:120]]",
  );
  const reasoning = chat.lastAssistant().getByTestId("reasoning");
  await expect(reasoning.getByText("Thinking…")).toBeVisible();
  await chat.waitForReply();
  await expect(reasoning.locator("summary")).toHaveText(/^Thought for (\d+ s|a moment)$/);
  await expect(chat.lastAssistant()).toContainText("It is 4.");
  await expect(reasoning.getByText("Two plus two is four")).toBeHidden();
  expect(lab.streamedRequests().at(-1)?.model).toBe("qwen3:8b");
  expect(lab.streamedRequests().at(-1)?.body.reasoning_effort).toBe("high");

  await page.reload();
  await expect(effort).toHaveValue("high");
  const again = chat.lastAssistant().getByTestId("reasoning");
  await expect(again.locator("summary")).toHaveText(/^Thought for (\d+ s|a moment)$/);
  await expect(again.getByText("Two plus two is four")).toBeHidden();
  await again.locator("summary").click();
  await expect(again.getByText("Two plus two is four")).toBeVisible();

  if (shots) {
    // On demand (PARLEY_SCREENSHOTS=dir): the reasoning reply and /admin/models at both sizes and themes.
    test.setTimeout(240_000);
    mkdirSync(shots, { recursive: true });
    const chatUrl = page.url();
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const [name, size] of [
        ["desktop", { width: 1280, height: 800 }],
        ["phone", { width: 390, height: 844 }],
      ] as const) {
        await page.setViewportSize(size);
        await page.goto(chatUrl);
        await chat.lastAssistant().getByTestId("reasoning").locator("summary").click();
        await page.screenshot({ path: path.join(shots, `reasoning-${name}-${scheme}.png`) });
        await page.goto("/admin/models");
        await page.screenshot({ path: path.join(shots, `admin-models-${name}-${scheme}.png`) });
        await page.getByRole("heading", { name: "Models (2)" }).scrollIntoViewIfNeeded();
        await page.screenshot({ path: path.join(shots, `admin-models-list-${name}-${scheme}.png`) });
      }
    }
  }
});
