import { randomUUID } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, type BrowserContextOptions, expect, type Page, test } from "@playwright/test";
import { createSuperuser } from "./pages/admin-page";
import { type Account, AuthPage } from "./pages/auth-page";
import { ChatPage } from "./pages/chat-page";
import { DirectMessagesPage } from "./pages/direct-messages-page";

const WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"];
const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;
const THEMES = ["light", "dark"] as const;

// A markdown reply with a code block and a table, the two things that carry their own styles (and below, math and
// a diagram).
const RICH_QUESTION = "Show a TypeScript function that sums an array";
const TABLE_QUESTION = "Make a table of the planets";

interface Fixture {
  account: Account;
  partner: Account;
  storageState: Awaited<ReturnType<Awaited<ReturnType<Browser["newContext"]>>["storageState"]>>;
  conversationId: string;
}

let fixture: Fixture | undefined;

/** One signed-in superuser with a conversation (code, table) and a direct message, made once per worker. */
async function prepare(browser: Browser): Promise<Fixture> {
  if (fixture) return fixture;
  const account = createSuperuser();
  const partner = createSuperuser();
  const context = await browser.newContext();
  const page = await context.newPage();
  await new AuthPage(page).logIn(account.username, account.password);
  // Logging in hashes a password (argon2id): slow on a loaded machine.
  await expect(page).toHaveURL(/\/$/, { timeout: 120_000 });
  const chat = new ChatPage(page);
  const conversationId = randomUUID();
  const firstReply = await chat.postMessage(conversationId, RICH_QUESTION, null);
  const tableReply = await chat.postMessage(conversationId, TABLE_QUESTION, firstReply);
  // KaTeX and a Mermaid diagram carry their own markup: axe sees them too.
  const mathReply = await chat.postMessage(conversationId, "Show me some math", tableReply);
  await chat.postMessage(conversationId, "Draw a diagram", mathReply);
  await new DirectMessagesPage(page).send(partner.username, "Hello from the accessibility check");
  fixture = { account, partner, storageState: await context.storageState(), conversationId };
  await context.close();
  return fixture;
}

type Violations = string[];

async function audit(page: Page, name: string, found: Violations) {
  // A Mermaid drawing is left out: axe judges SVG text against the page behind the drawing, not the shape it
  // sits on, so a node's label reads as low contrast whatever its colours (the diagram's own test checks it).
  const results = await new AxeBuilder({ page }).withTags(WCAG_22_AA).exclude('svg[id^="parley-mermaid"]').analyze();
  for (const violation of results.violations) {
    const targets = violation.nodes.map((node) => node.target.join(" ")).slice(0, 5);
    const line = `${name}: ${violation.id} (${violation.impact}) — ${targets.join(" | ")}`;
    // Printed at once too, so a run that times out still shows what it found.
    console.log(line);
    found.push(line);
  }
}

async function visit(page: Page, path: string, ready: () => Promise<void>) {
  await page.goto(path);
  await ready();
}

for (const [sizeName, viewport] of Object.entries(SIZES)) {
  for (const theme of THEMES) {
    test(`axe finds nothing on any page: ${sizeName}, ${theme}`, async ({ browser }) => {
      // Sixteen pages and states, each analysed by axe: minutes on a loaded machine, not seconds.
      test.setTimeout(480_000);
      const { storageState, conversationId, partner } = await prepare(browser);
      const options: BrowserContextOptions = { viewport, colorScheme: theme };
      const found: Violations = [];

      const guest = await browser.newContext(options);
      const guestPage = await guest.newPage();
      for (const path of ["/login", "/signup", "/forgot-password", "/verify-email?token=from-the-email"]) {
        await visit(guestPage, path, () => expect(guestPage.getByRole("heading", { level: 1 })).toBeVisible());
        await audit(guestPage, path, found);
      }
      await guest.close();

      const context = await browser.newContext({ ...options, storageState });
      const page = await context.newPage();
      const chat = new ChatPage(page);
      const heading = () => expect(page.getByRole("heading", { level: 1 })).toBeVisible();

      await chat.goto();
      await audit(page, "/ (new chat)", found);

      await visit(page, `/chat/${conversationId}`, async () => {
        await expect(chat.main.locator("pre code").first()).toBeVisible();
        await expect(chat.main.getByRole("table").first()).toBeVisible();
        await expect(chat.main.locator(".katex-display").first()).toBeVisible();
        await expect(chat.main.getByTestId("mermaid").locator('svg[id^="parley-mermaid"]')).toBeVisible({
          timeout: 20_000,
        });
      });
      await audit(page, "/chat/[id]", found);

      await page
        .getByRole("banner")
        .getByRole("button", { name: /^Account/ })
        .click();
      await expect(page.getByRole("banner").getByText("Settings", { exact: true })).toBeVisible();
      await audit(page, "/chat/[id] with the account menu open", found);
      await page.keyboard.press("Escape");

      if (sizeName === "phone") {
        await page.getByRole("button", { name: /sidebar/i }).click();
        await expect(page.getByRole("navigation", { name: /conversations/i }).first()).toBeVisible();
        await audit(page, "/chat/[id] with the drawer open", found);
        await page.keyboard.press("Escape");
      }

      const pages = [
        "/settings",
        "/settings/password",
        "/settings/sessions",
        "/settings/api-keys",
        "/settings/import",
        "/settings/personalisation",
        "/settings/delete",
        "/direct",
        `/direct/${partner.username}`,
        "/archived",
        "/trash",
        "/admin",
        "/admin/feedback",
        "/docs/api",
      ];
      for (const path of pages) {
        await visit(page, path, heading);
        await audit(page, path, found);
      }
      await context.close();

      expect(found, found.join("\n")).toEqual([]);
    });
  }
}
