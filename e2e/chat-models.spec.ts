import { rmSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { pngBytes } from "../test/attachment-fixtures";
import { type MockServer, startMockServer } from "../test/openai-mock-server";
import { type AppServer, migrateDatabase, startAppServer } from "./app-server";
import { Attachments } from "./pages/attachments";
import { AuthPage, newAccount } from "./pages/auth-page";
import { ChatPage, recordHostileEffects } from "./pages/chat-page";

// A second Parley on the same build (its own database, so two servers never write one SQLite file), configured with real (OpenAI-compatible) models served by the
// mock server on loopback, so the provider code runs and the model can be made to fail or say anything.
const port = Number(process.env.E2E_PORT ?? 3100) + 10;
const root = path.resolve(import.meta.dirname, "..");
let mock: MockServer;
let app: AppServer | undefined;

test.describe.configure({ mode: "serial" });
test.use({ baseURL: `http://127.0.0.1:${port}` });

test.beforeAll(async () => {
  test.setTimeout(60_000);
  mock = await startMockServer();
  const database = { DATABASE_URL: "file:./data/e2e-models/parley.db", PARLEY_DATA_DIR: "data/e2e-models" };
  rmSync(path.join(root, "data/e2e-models"), { recursive: true, force: true });
  migrateDatabase({ ...process.env, ...database });
  app = await startAppServer({
    port,
    nextStart: true,
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      AUTH_TRUST_HOST: "true",
      AUTH_SECRET: "e2e-secret-not-for-production-0123456789",
      ...database,
      PARLEY_LOG_LEVEL: "error",
      OPENAI_BASE_URL: mock.baseURL,
      OPENAI_API_KEY: "test-key",
      PARLEY_MODELS: "mock-small=Mock Small,mock-large=Mock Large,offline",
    },
  });
});

test.afterAll(async () => {
  await app?.stop();
  await mock?.close();
});

test.beforeEach(async ({ page }) => {
  await new AuthPage(page).signUp(newAccount("models"));
});

test("the model picker lists the configured models and the choice is kept per conversation", async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.goto();
  const picker = chat.main.getByRole("combobox", { name: "Model" });
  await expect(picker.getByRole("option")).toHaveText(["Mock Small", "Mock Large", /Offline model/]);
  await picker.selectOption({ label: "Mock Large" });
  await chat.sendAndWait("Hello real model");
  await expect(chat.lastAssistant()).toContainText("Echo: Hello real model");
  await expect(chat.lastAssistant().getByTestId("model-label")).toHaveText("Mock Large");
  expect(mock.streamedRequests().at(-1)?.model).toBe("mock-large");

  await page.reload();
  await expect(picker).toHaveValue("mock-large");
  await chat.sendAndWait("Second message");
  expect(mock.streamedRequests().at(-1)?.model).toBe("mock-large");

  await chat.goto();
  await expect(picker).toHaveValue("mock-small");
});

test("a failed reply shows the error, keeps the message, and can be retried", async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.goto();
  await chat.send("[[fail:500]] Will this work?");
  const reply = chat.lastAssistant();
  await expect(reply).toHaveAttribute("data-status", "error", { timeout: 20_000 });
  await expect(reply).toContainText("Error:");
  await expect(chat.lastUser()).toContainText("Will this work?");

  await page.reload();
  await expect(chat.lastUser()).toContainText("Will this work?");
  await expect(chat.lastAssistant()).toContainText("Error:");

  // The directive makes this model fail every time; another model answers the retry.
  await chat.main.getByRole("combobox", { name: "Model" }).selectOption({ index: 2 });
  await chat.lastAssistant().getByRole("button", { name: "Retry" }).click();
  await chat.waitForReply();
  await expect(chat.lastAssistant()).toContainText("Will this work?");
  await expect(chat.lastAssistant()).toContainText("2 / 2");
});

test("a hostile reply from the model runs no script and loads nothing from elsewhere", async ({ page }) => {
  const { dialogs, foreignRequests: foreign } = recordHostileEffects(page);
  const chat = new ChatPage(page);
  await chat.goto();
  const hostile = [
    "<script>window.__pwned=1</script>",
    '<img src="http://evil.example/a.png" onerror="window.__pwned=2">',
    "[click](javascript:window.__pwned=3)",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![tracker](https://evil.example/t.png)",
    '<iframe src="https://evil.example"></iframe>',
    "| a | b |\n|---|---|\n| <b>x</b> | ok |",
  ].join("\n\n");
  await chat.sendAndWait(`[[text:${hostile}]]`);
  const reply = chat.lastAssistant();
  await expect(reply.locator("table")).toBeVisible();
  await expect(reply.locator("script, iframe, img, b")).toHaveCount(0);
  await expect(reply.locator('a[href^="javascript" i], a[href^="data" i]')).toHaveCount(0);
  await expect(reply.getByRole("link", { name: "tracker" })).toHaveAttribute("href", "https://evil.example/t.png");
  await reply.getByText("click", { exact: true }).click();
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
  expect(foreign).toEqual([]);
});

test("an image for a model that cannot see images is flagged before sending, and the model is told what it was", async ({
  page,
}) => {
  const chat = new ChatPage(page);
  const files = new Attachments(page);
  await chat.goto();
  const picker = chat.main.getByRole("combobox", { name: "Model" });
  await picker.selectOption({ label: "Mock Small" });
  const warning = chat.main.getByRole("status").filter({ hasText: "cannot see images: it will only be told" });
  await expect(warning).toHaveCount(0);
  await files.choose([{ name: "chart.png", mimeType: "image/png", buffer: pngBytes(64, 48) }]);
  await expect(warning).toHaveText(
    "Mock Small cannot see images: it will only be told their names and sizes. Choose a model that can, or send anyway.",
  );
  // The offline model takes images: the warning goes with the choice of model.
  await picker.selectOption("offline");
  await expect(warning).toHaveCount(0);
  await picker.selectOption({ label: "Mock Small" });
  await expect(warning).toBeVisible();

  await files.waitUntilUploaded();
  await chat.sendAndWait("What is in the picture?");
  await expect(warning).toHaveCount(0);
  const told = JSON.stringify(mock.streamedRequests().at(-1)?.messages.at(-1)?.content);
  expect(told).toContain("chart.png");
  expect(told).toContain("this model cannot see images");
  expect(told).not.toContain("image_url");
});
