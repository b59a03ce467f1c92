import { expect, test } from "@playwright/test";
import { pdfBytes, pngBytes } from "../test/attachment-fixtures";
import { createSuperuser } from "./pages/admin-page";
import { Attachments } from "./pages/attachments";
import { AuthPage, newAccount } from "./pages/auth-page";
import { ChatPage } from "./pages/chat-page";
import { PreferencesPage } from "./pages/preferences-page";
import { SharePage } from "./pages/share-page";
import { Sidebar } from "./pages/sidebar";

// Each test signs up one or two people, waits for replies and opens a second browser context.
test.beforeEach(() => test.slow());

test("a shared link opens without an account, never shows later messages, and is 404 once deleted", async ({
  page,
  browser,
}) => {
  await new AuthPage(page).signUp(newAccount("share"));
  const chat = new ChatPage(page);
  await chat.goto();
  await chat.sendAndWait("Make a table of the planets");
  await chat.waitForConversationUrl();
  const url = await new SharePage(page).createLink();
  await chat.sendAndWait("A message after sharing");

  const stranger = await browser.newContext();
  const visitor = await stranger.newPage();
  const response = await visitor.goto(url);
  expect(response?.status()).toBe(200);
  const shared = new SharePage(visitor);
  await expect(shared.messages("user")).toHaveCount(1);
  await expect(shared.messages("user")).toContainText("Make a table of the planets");
  // The reply is rendered as the chat renders it: Markdown, the model's label, Copy, but nothing that changes it.
  await expect(shared.messages("assistant").getByTestId("model-label")).toHaveText(/Offline model/);
  await expect(shared.messages("assistant").getByRole("table")).toBeVisible();
  await expect(visitor.getByText("A message after sharing")).toHaveCount(0);
  await expect(visitor.getByRole("button", { name: /^(Edit|Regenerate|Good reply|Bad reply)$/ })).toHaveCount(0);
  await expect(visitor.getByRole("navigation", { name: /conversations/i })).toHaveCount(0);
  await expect(visitor.locator('meta[name="robots"]')).toHaveAttribute("content", /noindex/);
  await expect(visitor.getByRole("link", { name: "Sign in to continue this conversation" })).toBeVisible();

  const settings = new SharePage(page);
  const table = await settings.openSettings();
  await expect(table.getByRole("row").nth(1)).toContainText(/Make a table/);
  await expect(table.getByRole("row").nth(1).getByRole("cell").nth(2)).toHaveText("1");
  await settings.deleteLink("Make a table");

  const gone = await visitor.goto(url);
  expect(gone?.status()).toBe(404);
  await expect(visitor.getByText("Make a table of the planets")).toHaveCount(0);
  await stranger.close();
});

test("a shared page shows an attached image as the owner sees it, through the link only; documents by name", async ({
  page,
  browser,
}) => {
  await new AuthPage(page).signUp(newAccount("shareimg"));
  const chat = new ChatPage(page);
  const files = new Attachments(page);
  await chat.goto();
  await files.choose([
    { name: "harbour.png", mimeType: "image/png", buffer: pngBytes(64, 48) },
    { name: "minutes.pdf", mimeType: "application/pdf", buffer: pdfBytes(["Minutes"]) },
  ]);
  await files.waitUntilUploaded();
  await chat.sendAndWait("What is in the picture?");
  await chat.waitForConversationUrl();
  const url = await new SharePage(page).createLink();

  const stranger = await browser.newContext();
  const visitor = await stranger.newPage();
  await visitor.goto(url);
  const sent = new SharePage(visitor).messages("user");
  const image = sent.getByRole("img", { name: "harbour.png" });
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(64);
  const src = (await image.getAttribute("src")) ?? "";
  expect(src).toMatch(/^\/share\/[A-Za-z0-9_-]{43}\/images\//);
  await expect(sent.getByText("minutes.pdf")).toBeVisible();
  await expect(sent.getByRole("link", { name: /minutes\.pdf/ })).toHaveCount(0);

  await new SharePage(page).deleteLink("What is in the picture");
  expect((await visitor.request.get(src)).status()).toBe(404);
  await stranger.close();
});

test("a signed-in visitor continues a shared conversation as their own copy", async ({ page, browser }) => {
  await new AuthPage(page).signUp(newAccount("owner"));
  const chat = new ChatPage(page);
  await chat.goto();
  await chat.sendAndWait("Recipe for pastel de nata");
  const ownerConversation = await chat.waitForConversationUrl();
  const url = await new SharePage(page).createLink();

  const other = await browser.newContext();
  const visitor = await other.newPage();
  await new AuthPage(visitor).signUp(newAccount("visitor"));
  await visitor.goto(url);
  await new SharePage(visitor).continueButton().click();
  await expect(visitor).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
  const copy = new ChatPage(visitor);
  expect(copy.conversationId()).not.toBe(ownerConversation);
  await expect(copy.lastUser()).toContainText("Recipe for pastel de nata");
  await expect(copy.lastAssistant()).toHaveAttribute("data-status", "complete");
  await copy.sendAndWait("And a vegan version?");
  await expect(new Sidebar(visitor).entry(/pastel de nata/i)).toBeVisible();

  // The owner's conversation is untouched by the visitor's new message.
  await chat.goto(ownerConversation);
  await expect(chat.messages("user")).toHaveCount(1);
  await other.close();
});

test("thumbs down with a comment is stored, changeable, and shown to the admin and in the export", async ({
  page,
  browser,
}) => {
  const account = newAccount("voter");
  await new AuthPage(page).signUp(account);
  const chat = new ChatPage(page);
  await chat.goto();
  await chat.sendAndWait("Tell me a joke about feedback");
  const reply = chat.lastAssistant();
  await reply.getByRole("button", { name: "Good reply" }).click();
  await expect(reply.getByRole("button", { name: "Good reply" })).toHaveAttribute("aria-pressed", "true");
  await reply.getByRole("button", { name: "Bad reply" }).click();
  const comment = `Not funny ${Date.now()}`;
  await reply.getByLabel("What was wrong with this reply? (optional)").fill(comment);
  await reply.getByRole("button", { name: "Send feedback" }).click();
  await expect(reply.getByRole("status").filter({ hasText: "Thanks for the feedback." })).toBeVisible();

  await page.reload();
  await expect(chat.lastAssistant().getByRole("button", { name: "Bad reply" })).toHaveAttribute("aria-pressed", "true");
  await expect(chat.lastAssistant().getByRole("button", { name: "Good reply" })).toHaveAttribute(
    "aria-pressed",
    "false",
  );

  const adminContext = await browser.newContext();
  const adminPage = await adminContext.newPage();
  const admin = createSuperuser();
  await new AuthPage(adminPage).logIn(admin.username, admin.password);
  await expect(adminPage).not.toHaveURL(/\/login/);
  await adminPage.goto("/admin");
  await adminPage.getByRole("link", { name: "Feedback on replies" }).click();
  await adminPage.getByLabel("Rating", { exact: true }).selectOption("down");
  await adminPage.getByLabel("Model", { exact: true }).selectOption("offline");
  await adminPage.getByRole("button", { name: "Filter" }).click();
  await expect(adminPage).toHaveURL(/rating=down/);
  const row = adminPage
    .getByRole("table", { name: "Feedback on replies" })
    .getByRole("row")
    .filter({ hasText: comment });
  await expect(row).toContainText(account.username);
  // The model by its label, as everywhere else (issue 27, item 13).
  await expect(row).toContainText("Offline model");
  await expect(row).toContainText("Bad");
  await expect(
    adminPage.getByRole("table", { name: "Votes by model" }).getByRole("row", { name: /Offline model/ }),
  ).toBeVisible();

  const exported = await adminPage.request.get("/admin/feedback/export?rating=down");
  expect(exported.headers()["content-type"]).toContain("application/x-ndjson");
  const lines = (await exported.text())
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
  expect(lines.find((l) => l.comment === comment)).toMatchObject({
    rating: "down",
    model: "offline",
    username: account.username,
  });
  expect(lines.every((l) => l.rating === "down")).toBe(true);

  // Not for everyone: without an admin session there is no export.
  const anonymous = await browser.newContext();
  const denied = await anonymous.request.get("/admin/feedback/export", { maxRedirects: 0 });
  expect([307, 401]).toContain(denied.status());
  expect(await denied.text()).not.toContain(comment);
  await anonymous.close();
  await adminContext.close();
});

test("preferences follow the account: after a reload and on a second device", async ({ page, browser }) => {
  const account = newAccount("prefs");
  const auth = new AuthPage(page);
  await auth.signUp(account);
  const preferences = new PreferencesPage(page);
  await preferences.goto();
  // One theme control, in the account menu: Personalisation only says where it is.
  await expect(page.getByRole("main").getByRole("radio", { name: /Dark|System|Not set/ })).toHaveCount(0);
  await expect(page.getByRole("main")).toContainText("The theme (System, Light or Dark) is in the account menu");
  const themeSaved = page.waitForResponse((r) => r.url().endsWith("/api/v1/me/preferences") && r.ok());
  await auth.openAccountMenu();
  await page.getByRole("menuitemradio", { name: "Dark" }).click();
  await themeSaved;
  await preferences.instructions().fill("Always answer like a sommelier.");
  await preferences.sendKey(/^Ctrl\/⌘\+Enter sends/).check();
  await preferences.save();
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);

  await page.reload();
  await expect(preferences.instructions()).toHaveValue("Always answer like a sommelier.");
  await expect(preferences.sendKey(/^Ctrl\/⌘\+Enter sends/)).toBeChecked();

  const device = await browser.newContext({ colorScheme: "light" });
  const second = await device.newPage();
  await new AuthPage(second).logIn(account.username, account.password);
  await expect(second).not.toHaveURL(/\/login/);
  await expect(second.locator("html")).toHaveClass(/\bdark\b/);
  const chat = new ChatPage(second);
  await chat.goto();
  await chat.messageBox.fill("first line");
  await chat.messageBox.press("Enter");
  await chat.messageBox.pressSequentially("second line");
  await expect(chat.messageBox).toHaveValue("first line\nsecond line");
  await expect(chat.messages()).toHaveCount(0);
  await chat.messageBox.press("ControlOrMeta+Enter");
  await expect(chat.lastUser()).toContainText("first line\nsecond line");
  await chat.waitForReply();
  const secondPreferences = new PreferencesPage(second);
  await secondPreferences.goto();
  await expect(secondPreferences.instructions()).toHaveValue("Always answer like a sommelier.");
  await device.close();
});
