import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { type McpTestServer, startMcpTestServer } from "../test/mcp-test-server";
import { type AppServer, migrateDatabase, startAppServer } from "./app-server";
import { AuthPage, newAccount } from "./pages/auth-page";
import { ChatPage } from "./pages/chat-page";

// Tool servers are instance-wide, so this spec runs its own Parley (same build, own database: its first sign-up
// is the admin) with the offline model, which calls a tool when told "use <tool>: <text>". The MCP server is
// the SDK-written test server on loopback, behind a bearer token.
const port = Number(process.env.E2E_PORT ?? 3100) + 35;
const baseURL = `http://127.0.0.1:${port}`;
const root = path.resolve(import.meta.dirname, "..");
const shots = process.env.PARLEY_SCREENSHOTS;
const TOKEN = "e2e-mcp-bearer-5e1f0a77";
let mcp: McpTestServer;
let app: AppServer | undefined;
const admin = newAccount("tools-admin");

test.describe.configure({ mode: "serial" });
test.use({ baseURL });

test.beforeAll(async ({ browser }) => {
  test.setTimeout(90_000);
  mcp = await startMcpTestServer({ token: TOKEN });
  const database = { DATABASE_URL: "file:./data/e2e-mcp/parley.db", PARLEY_DATA_DIR: "data/e2e-mcp" };
  rmSync(path.join(root, "data/e2e-mcp"), { recursive: true, force: true });
  migrateDatabase({ ...process.env, ...database });
  // The offline model only: no model server from the environment.
  const { OPENAI_BASE_URL: _url, OPENAI_API_KEY: _key, PARLEY_MODELS: _models, ...inherited } = process.env;
  app = await startAppServer({
    port,
    nextStart: true,
    env: {
      ...inherited,
      NEXT_TELEMETRY_DISABLED: "1",
      AUTH_TRUST_HOST: "true",
      AUTH_SECRET: "e2e-secret-not-for-production-0123456789",
      APP_URL: baseURL,
      ...database,
      PARLEY_LOG_LEVEL: "error",
    },
  });
  await signUp(browser);
});

test.afterAll(async () => {
  await app?.stop();
  await mcp?.stop();
});

async function signUp(browser: Browser) {
  const context = await browser.newContext({ baseURL });
  await new AuthPage(await context.newPage()).signUp(admin);
  await context.close();
}

async function asAdmin(page: Page) {
  await new AuthPage(page).logIn(admin.username, admin.password);
  await expect(page).not.toHaveURL(/\/login/, { timeout: 30_000 });
}

test("an admin adds an MCP server; its tool answers in a reply, after a reload too; Ask before running pauses for Deny and Allow", async ({
  page,
  browser,
}) => {
  test.setTimeout(shots ? 300_000 : 120_000);
  // Someone who is not a superuser finds no such page.
  const member = newAccount("tools-member");
  const other = await browser.newContext({ baseURL });
  const memberPage = await other.newPage();
  await new AuthPage(memberPage).signUp(member);
  const refused = await memberPage.goto("/admin/tools");
  expect(refused?.status()).toBe(404);
  await other.close();

  await asAdmin(page);
  await page.goto("/admin/tools");
  await page.getByLabel("Name").fill("Demo");
  await page.getByLabel("URL").fill(mcp.url);
  await page.getByLabel("Bearer token").fill(TOKEN);
  await page.getByRole("button", { name: "Add server" }).click();
  const server = page.getByRole("article", { name: "Server Demo" });
  await expect(server.getByText("Status: connected")).toBeVisible();
  const tools = server.getByRole("list", { name: "Tools of Demo" });
  await expect(tools.getByText("echo", { exact: true })).toBeVisible();
  await expect(tools.getByText("Says the text back.")).toBeVisible();
  expect(await page.content()).not.toContain(TOKEN);

  const chat = new ChatPage(page);
  await chat.goto();
  await chat.sendAndWait("use echo: hello from the browser");
  const reply = chat.lastAssistant();
  await expect(reply).toContainText("echo: hello from the browser");
  await expect(reply.getByRole("group", { name: "Tool Demo echo" })).toContainText("Done");
  await page.reload();
  await expect(chat.lastAssistant().getByRole("group", { name: "Tool Demo echo" })).toContainText("Done");
  await expect(chat.lastAssistant()).toContainText("The Demo__echo tool returned: echo: hello from the browser");
  expect(mcp.calls).toEqual([{ tool: "echo", args: { text: "hello from the browser" } }]);

  // Ask before running, for the whole server.
  await page.goto("/admin/tools");
  await server.getByText("Edit server").click();
  await server.getByRole("checkbox", { name: /^Ask before running \(every tool/ }).check();
  await server.getByRole("button", { name: "Save server" }).click();
  await expect(server.getByText("Server saved.")).toBeVisible();

  await chat.goto();
  await chat.sendAndWait("use echo: deny me");
  const waiting = chat.lastAssistant().getByRole("group", { name: "Tool Demo echo" });
  await expect(waiting).toContainText("Waiting for you");
  await expect(waiting).toContainText('"text": "deny me"');
  if (shots) await screenshots(page, "approval-card");
  await waiting.getByRole("button", { name: "Deny" }).click();
  await expect(chat.lastAssistant()).toContainText("I did not run the Demo__echo tool: you denied it.");
  await expect(chat.lastAssistant().getByRole("group", { name: "Tool Demo echo" })).toContainText("Denied");
  await page.reload();
  await expect(chat.lastAssistant().getByRole("group", { name: "Tool Demo echo" })).toContainText("Denied");
  expect(mcp.calls).toHaveLength(1);

  await chat.sendAndWait("use echo: allow me");
  // The pause is stored: a reload still shows the buttons, and nothing ran.
  await page.reload();
  const paused = chat.lastAssistant().getByRole("group", { name: "Tool Demo echo" });
  await expect(paused.getByRole("button", { name: "Allow" })).toBeVisible();
  expect(mcp.calls).toHaveLength(1);
  await paused.getByRole("button", { name: "Allow" }).click();
  await expect(chat.lastAssistant()).toContainText("The Demo__echo tool returned: echo: allow me");
  await expect(chat.lastAssistant()).toHaveAttribute("data-status", "complete");
  expect(mcp.calls.at(-1)).toEqual({ tool: "echo", args: { text: "allow me" } });
  await page.reload();
  await expect(chat.lastAssistant().getByRole("group", { name: "Tool Demo echo" })).toContainText("Done");

  // The composer's Tools menu turns the tool off for this conversation only.
  await page.getByRole("button", { name: "Tools", exact: true }).click();
  const menu = page.getByRole("region", { name: "Tools for this conversation" });
  await expect(menu.getByRole("checkbox", { name: "Demo: echo" })).toBeChecked();
  if (shots) await screenshots(page, "tools-menu");
  await menu.getByRole("checkbox", { name: "Demo: echo" }).uncheck();
  await expect(menu.getByRole("checkbox", { name: "Demo: echo" })).not.toBeChecked();
  await page.keyboard.press("Escape");
  await chat.sendAndWait("use echo: not in this chat");
  await expect(chat.lastAssistant().getByRole("group", { name: "Tool Demo echo" })).toHaveCount(0);
  expect(mcp.calls).toHaveLength(2);

  if (shots) {
    await page.goto("/admin/tools");
    await screenshots(page, "admin-tools");
  }
});

/** On demand (PARLEY_SCREENSHOTS=dir): the page as it is, at both sizes and in both themes. */
async function screenshots(page: Page, name: string) {
  if (!shots) return;
  mkdirSync(shots, { recursive: true });
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [size, viewport] of [
      ["desktop", { width: 1280, height: 800 }],
      ["phone", { width: 390, height: 844 }],
    ] as const) {
      await page.setViewportSize(viewport);
      // A fresh page at this size (the sidebar is laid out for it); an open menu is shown as it is.
      if (name !== "tools-menu") await page.reload();
      await page.waitForLoadState("networkidle");
      await page.screenshot({
        path: path.join(shots, `${name}-${size}-${scheme}.png`),
        fullPage: name === "admin-tools",
      });
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 800 });
}
