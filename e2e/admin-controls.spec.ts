import { randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import path from "node:path";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { type MockServer, startMockServer } from "../test/openai-mock-server";
import { type AppServer, migrateDatabase, startAppServer } from "./app-server";
import { AdminRolePage, AdminSignupPage } from "./pages/admin-page";
import { type Account, AuthPage, newAccount } from "./pages/auth-page";
import { ChatPage } from "./pages/chat-page";

// Sign-up modes change the whole instance, so this spec runs its own Parley (same build, own database, so
// its first sign-up is the admin) with two models served by the OpenAI-compatible mock server.
const port = Number(process.env.E2E_PORT ?? 3100) + 40;
const baseURL = `http://127.0.0.1:${port}`;
const root = path.resolve(import.meta.dirname, "..");
let mock: MockServer;
let app: AppServer | undefined;
const admin = newAccount("boss");
let invited: Account;

test.describe.configure({ mode: "serial" });
test.use({ baseURL });

test.beforeAll(async ({ browser }) => {
  test.setTimeout(90_000);
  mock = await startMockServer();
  const database = { DATABASE_URL: "file:./data/e2e-admin/parley.db", PARLEY_DATA_DIR: "data/e2e-admin" };
  rmSync(path.join(root, "data/e2e-admin"), { recursive: true, force: true });
  migrateDatabase({ ...process.env, ...database });
  app = await startAppServer({
    port,
    nextStart: true,
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      AUTH_TRUST_HOST: "true",
      AUTH_SECRET: "e2e-secret-not-for-production-0123456789",
      APP_URL: baseURL,
      ...database,
      PARLEY_LOG_LEVEL: "error",
      OPENAI_BASE_URL: mock.baseURL,
      OPENAI_API_KEY: "test-key",
      PARLEY_MODELS: "mock-small=Mock Small,mock-large=Mock Large",
    },
  });
  // The first account on a fresh database is the administrator.
  const first = await visitor(browser);
  await new AuthPage(first.page).signUp(admin);
  await first.close();
});

test.afterAll(async () => {
  await app?.stop();
  await mock?.close();
});

async function asAdmin(page: Page) {
  await new AuthPage(page).logIn(admin.username, admin.password);
  await expect(page).not.toHaveURL(/\/login/, { timeout: 30_000 });
}

/** A visitor in a browser of their own (no admin cookies). */
async function visitor(browser: Browser) {
  const context = await browser.newContext({ baseURL });
  return { page: await context.newPage(), close: () => context.close() };
}

test("closed sign-up: no sign-up link, /signup says so, and only the admin creates accounts", async ({
  page,
  browser,
}) => {
  test.setTimeout(90_000);
  await asAdmin(page);
  const signup = new AdminSignupPage(page);
  await signup.setMode("Closed");

  const guest = await visitor(browser);
  await guest.page.goto("/login");
  await expect(guest.page.getByRole("heading", { name: "Log in" })).toBeVisible();
  await expect(guest.page.getByRole("link", { name: "Sign up" })).toHaveCount(0);
  await guest.page.goto("/signup");
  await expect(guest.page.getByRole("heading", { name: "Sign-up is not available" })).toBeVisible();
  await expect(guest.page.getByText("Sign-up is closed on this Parley.")).toBeVisible();
  await expect(guest.page.getByLabel("Password")).toHaveCount(0);

  const made = newAccount("made");
  await signup.createAccount(made);
  await new AuthPage(guest.page).logIn(made.username, made.password);
  await expect(guest.page).not.toHaveURL(/\/login/, { timeout: 30_000 });
  await guest.close();
});

test("an invite link: sign-up needs it, it works once, and the admin sees it used up", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await asAdmin(page);
  const signup = new AdminSignupPage(page);
  await signup.setMode("Invite links only");
  const link = await signup.createInvite({ uses: 1 });

  const guest = await visitor(browser);
  await guest.page.goto("/signup");
  await expect(guest.page.getByText("Sign-up on this Parley needs an invite link.")).toBeVisible();

  invited = newAccount("invited");
  await guest.page.goto(link);
  await expect(guest.page.getByText("You were invited to Parley.")).toBeVisible();
  await guest.page.getByLabel("Email").fill(invited.email);
  await guest.page.getByLabel("Username").fill(invited.username);
  await guest.page.getByLabel("Password").fill(invited.password);
  await guest.page.getByRole("button", { name: "Sign up" }).click();
  await expect(guest.page).not.toHaveURL(/\/signup/, { timeout: 30_000 });
  await guest.close();

  const second = await visitor(browser);
  await second.page.goto(link);
  await expect(second.page.getByText("This invite link has been used as many times as it allows.")).toBeVisible();
  await second.close();

  await signup.goto();
  const row = page.getByRole("table", { name: "Invite links" }).getByRole("row").nth(1);
  await expect(row).toContainText("0 of 1");
  await expect(row).toContainText("Used up");
});

test("a role's models: the picker shows only them, the API refuses the others, usage is what the model reported", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  await asAdmin(page);
  await new AdminRolePage(page).open("default");
  await new AdminRolePage(page).allowModels(["Mock Small"]);

  const person = await visitor(browser);
  await new AuthPage(person.page).logIn(invited.username, invited.password);
  await expect(person.page).not.toHaveURL(/\/login/, { timeout: 30_000 });
  const chat = new ChatPage(person.page);
  await chat.goto();
  const picker = chat.main.getByRole("combobox", { name: "Model" });
  await expect(picker.getByRole("option")).toHaveText(["Mock Small"]);

  const refused = await person.page.request.post("/api/chat", {
    headers: { origin: baseURL },
    data: {
      conversationId: randomUUID(),
      message: { id: randomUUID(), role: "user", parts: [{ type: "text", text: "sneaky" }] },
      parentId: null,
      modelId: "mock-large",
    },
  });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.message).toBe('Your role does not allow the model "mock-large".');

  mock.setReply({ chunks: ["Counted ", "reply"], usage: { prompt_tokens: 42, completion_tokens: 7 } });
  await chat.sendAndWait("How many tokens?");
  await expect(chat.lastAssistant()).toContainText("Counted reply");
  expect(mock.streamedRequests().at(-1)?.model).toBe("mock-small");
  mock.setReply(null);

  await person.page.goto("/settings/usage");
  const byModel = person.page.getByRole("table", { name: "Your usage by model" });
  await expect(byModel.getByRole("row", { name: /Mock Small/ })).toContainText(/1\s*42\s*7/);
  await person.close();

  await page.goto("/admin/usage");
  const byPerson = page.getByRole("table", { name: "Usage by person" });
  await expect(byPerson.getByRole("row", { name: new RegExp(invited.username) })).toContainText(/1\s*42\s*7/);
});

test("approval: a new account waits on a clear page until the admin approves it", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await asAdmin(page);
  const signup = new AdminSignupPage(page);
  await signup.setMode("Open", { approval: true });

  const waiting = newAccount("waiting");
  const guest = await visitor(browser);
  await guest.page.goto("/signup");
  await guest.page.getByLabel("Email").fill(waiting.email);
  await guest.page.getByLabel("Username").fill(waiting.username);
  await guest.page.getByLabel("Password").fill(waiting.password);
  await guest.page.getByRole("button", { name: "Sign up" }).click();
  await expect(guest.page.getByRole("heading", { name: "Waiting for approval" })).toBeVisible({ timeout: 30_000 });
  await new AuthPage(guest.page).logIn(waiting.username, waiting.password);
  await expect(guest.page.getByRole("heading", { name: "Waiting for approval" })).toBeVisible({ timeout: 30_000 });

  await signup.approve(waiting.username);
  await new AuthPage(guest.page).logIn(waiting.username, waiting.password);
  await expect(guest.page).not.toHaveURL(/\/login|\/signup/, { timeout: 30_000 });
  await guest.close();
});
