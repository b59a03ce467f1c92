import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { AuthPage, newAccount } from "./pages/auth-page";
import { ChatPage } from "./pages/chat-page";
import { Sidebar } from "./pages/sidebar";

test.beforeEach(async ({ page }) => {
  await new AuthPage(page).signUp(newAccount("side"));
});

test("the history loads page by page as it is scrolled, newest first", async ({ page }) => {
  test.setTimeout(90_000);
  const chat = new ChatPage(page);
  await chat.goto();
  // 25 conversations: more than one page (20), fewer than the per-minute message limit.
  for (let batch = 0; batch < 5; batch++) {
    await Promise.all(
      Array.from({ length: 5 }, (_, i) => chat.createConversation(`Topic number ${batch * 5 + i + 1} please`)),
    );
  }
  const sidebar = new Sidebar(page);
  await page.reload();
  await expect(sidebar.entries()).toHaveCount(20);
  await expect(sidebar.group("Today")).toBeVisible();

  await sidebar.list.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(sidebar.entries()).toHaveCount(25);
  const titles = await sidebar.entries().allTextContents();
  expect(new Set(titles).size).toBe(25);
  // Conversations were created in batches of five, so the last batch is on top.
  expect(titles.slice(0, 5).every((t) => /Topic number (2[1-5])/.test(t))).toBe(true);
});

test("search finds conversations by title and by message text", async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.goto();
  await chat.createConversation("Planning a garden with tomatoes");
  await chat.createConversation("Fixing the bicycle brakes today, they squeak whenever it rains outside a lot");
  const sidebar = new Sidebar(page);
  await page.reload();
  await expect(sidebar.entries()).toHaveCount(2);

  await page.keyboard.press("Control+k");
  await expect(sidebar.search).toBeFocused();
  await sidebar.search.fill("garden");
  await expect(sidebar.entries()).toHaveCount(1);
  await expect(sidebar.entry(/garden/)).toBeVisible();

  // "outside" is in the message but not in the title (the first words).
  await sidebar.search.fill("OUTSIDE");
  await expect(sidebar.entries()).toHaveCount(1);
  await expect(sidebar.entry(/bicycle/)).toBeVisible();

  await sidebar.search.fill("nothing-matches-this");
  await expect(sidebar.entries()).toHaveCount(0);
  await expect(sidebar.nav.getByText("No conversations match.")).toBeVisible();
  await sidebar.search.press("Escape");
  await expect(sidebar.entries()).toHaveCount(2);
});

test("rename, pin, archive, delete to trash and restore", async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.goto();
  await chat.createConversation("Alpha conversation here");
  await chat.createConversation("Beta conversation here");
  const sidebar = new Sidebar(page);
  await page.reload();

  await sidebar.rename("Alpha conversation here", "Renamed alpha");
  await page.reload();
  await expect(sidebar.entry("Renamed alpha")).toBeVisible();

  await sidebar.pin("Renamed alpha");
  await expect(sidebar.group("Pinned").getByRole("link", { name: "Renamed alpha" })).toBeVisible();
  await expect(sidebar.entries().first()).toHaveText(/Renamed alpha/);

  await sidebar.archive("Beta conversation here");
  await expect(sidebar.entry(/Beta/)).toHaveCount(0);
  await page.goto("/archived");
  await page.getByRole("button", { name: "Unarchive Beta conversation here" }).click();
  await expect(sidebar.entry(/Beta/)).toBeVisible();

  await sidebar.delete("Renamed alpha");
  await expect(sidebar.entry("Renamed alpha")).toHaveCount(0);
  await expect(sidebar.nav.getByRole("status").filter({ hasText: "Moved to trash." })).toBeVisible();
  await page.goto("/trash");
  await expect(page.getByText("Renamed alpha")).toBeVisible();
  await page.getByRole("button", { name: "Restore Renamed alpha" }).click();
  await expect(page.getByText("The trash is empty.")).toBeVisible();
  await expect(sidebar.entry("Renamed alpha")).toBeVisible();

  await sidebar.delete("Beta conversation here");
  await page.goto("/trash");
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: "Empty trash" }).click();
  await expect(page.getByText("The trash is empty.")).toBeVisible();
  await page.reload();
  await expect(page.getByText("The trash is empty.")).toBeVisible();
  await expect(sidebar.entries()).toHaveCount(1);
});

test("a conversation exports as Markdown and as JSON", async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.goto();
  await chat.sendAndWait("Export me please, with *stars*");
  const id = await chat.waitForConversationUrl();
  const sidebar = new Sidebar(page);
  const title = ((await sidebar.entries().first().textContent()) ?? "").trim();

  const md = await sidebar.export(title, "Markdown");
  expect(md.suggestedFilename()).toMatch(/\.md$/);
  const markdown = await readFile((await md.path()) as string, "utf8");
  expect(markdown).toContain(`# ${title}`);
  expect(markdown).toContain("## You\n\nExport me please, with *stars*");
  expect(markdown).toContain("## Assistant");

  const js = await sidebar.export(title, "JSON");
  expect(js.suggestedFilename()).toMatch(/\.json$/);
  const data = JSON.parse(await readFile((await js.path()) as string, "utf8"));
  expect(data.conversation.id).toBe(id);
  expect(data.messages.map((m: { role: string }) => m.role)).toEqual(["user", "assistant"]);
  expect(data.messages[1].parentId).toBe(data.messages[0].id);
});

test("keyboard: Ctrl+Shift+O starts a new chat", async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.goto();
  await chat.sendAndWait("Hello shortcuts");
  await chat.waitForConversationUrl();
  await page.keyboard.press("Control+Shift+O");
  await expect(page).toHaveURL(/\/$/);
  await expect(chat.messages()).toHaveCount(0);
});

test("on a phone the sidebar is a drawer opened from the header", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const chat = new ChatPage(page);
  await chat.goto();
  await chat.createConversation("Phone conversation");
  await page.reload();
  const sidebar = new Sidebar(page);
  await expect(sidebar.entry(/Phone conversation/)).not.toBeInViewport();
  await page.getByRole("button", { name: "Toggle sidebar" }).click();
  await expect(sidebar.entry(/Phone conversation/)).toBeInViewport();
  await sidebar.open(/Phone conversation/);
  await expect(page).toHaveURL(/\/chat\//);
  await expect(chat.lastUser()).toContainText("Phone conversation");
  await expect(sidebar.entry(/Phone conversation/)).not.toBeInViewport();
});

test("New chat after a conversation opens an empty chat that becomes a separate conversation", async ({ page }) => {
  const chat = new ChatPage(page);
  await chat.goto();
  await chat.sendAndWait("First conversation");
  const first = await chat.waitForConversationUrl();
  const sidebar = new Sidebar(page);
  await sidebar.newChat();
  await expect(chat.messages()).toHaveCount(0);
  await chat.sendAndWait("Second conversation");
  const second = await chat.waitForConversationUrl();
  expect(second).not.toBe(first);
  await expect(sidebar.entries()).toHaveCount(2);
});
